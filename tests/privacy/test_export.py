"""Export (Art. 15/20): built from the manifest, versioned JSON + schema + files + facts; another
tenant's data never appears; download needs the owner and a recent login; links expire."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Profile, Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.export import FORMAT_NAME, export_build, export_document, export_schema
from privacy.manifest import EXPORT_FORMAT_VERSION
from privacy.models import DataExport
from privacy.services import export_request
from privacy.tasks import privacy_export_build
from tests.conftest import TEST_PASSWORD, client_for
from tests.privacy.conftest import CV_BYTES, Seeded

pytestmark = pytest.mark.django_db

SENTINEL_B = "SENTINEL-GLOBEX-ONLY"


def _plant_sentinel(seeded: Seeded) -> None:
    with tenant_context(seeded.other_tenant.pk):
        Profile.objects.filter(user=seeded.user).update(headline=SENTINEL_B)


def _build(seeded: Seeded, capture: Any) -> DataExport:
    with capture(execute=False):
        export = export_request(user=seeded.user, tenant=seeded.tenant)
    with tenant_context(seeded.tenant.pk):
        return export_build(export_id=export.pk)


def _zip(export: DataExport) -> zipfile.ZipFile:
    with tenant_context(export.tenant_id), export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_export_holds_versioned_json_schema_files_and_facts_of_this_tenant_only(
    seeded: Seeded, django_capture_on_commit_callbacks: Any
) -> None:
    _plant_sentinel(seeded)
    export = _build(seeded, django_capture_on_commit_callbacks)
    assert export.status == DataExport.Status.READY
    assert export.expires_at is not None
    assert export.expires_at - export.ready_at == timedelta(days=7)  # type: ignore[operator]
    archive = _zip(export)
    names = set(archive.namelist())
    assert {"data.json", "schema.json", "about-your-data.html", "about-your-data.txt"} <= names
    data = json.loads(archive.read("data.json"))
    assert data["format"] == FORMAT_NAME and data["version"] == EXPORT_FORMAT_VERSION
    profile = data["records"]["accounts.Profile"]
    assert profile["fields"]["full_name"] == {"category": "identity", "source": "provided"}
    assert [row["full_name"] for row in profile["rows"]] == ["Ada Seeker"]
    assert data["records"]["accounts.User"]["rows"][0]["email"] == seeded.user.email
    assert "password" not in data["records"]["accounts.User"]["rows"][0]
    resumes = data["records"]["resumes.Resume"]["rows"]
    assert sorted(r["title"] for r in resumes) == ["Ada CV 0", "Ada CV 1"]  # not Globex's
    assert "extracted_text" not in resumes[0]
    cv_files = [n for n in names if n.startswith("files/resumes.Resume/")]
    assert len(cv_files) == 2 and cv_files[0].endswith(".pdf")
    assert archive.read(cv_files[0]) == CV_BYTES
    assert resumes[0]["file"] in names
    assert any(n.startswith("files/accounts.Profile/") for n in names)
    assert [r["company"] for r in data["records"]["jobs.Application"]["rows"]] == [
        "Ada CV Sentinel Corp"
    ]
    assert data["records"]["jobs.Contact"]["rows"][0]["name"] == "Rita Recruiter"
    scores = data["records"]["resumes.MatchScore"]
    assert scores["fields"]["score"]["source"] == "inferred"
    everything = b"".join(archive.read(n) for n in names)
    assert SENTINEL_B.encode() not in everything
    assert b"Globex CV" not in everything
    facts = archive.read("about-your-data.html").decode()
    for needle in ("Recipients", "Automated decision-making", "Your rights", "Retention"):
        assert needle in facts


def test_export_validates_against_its_own_schema(
    seeded: Seeded, django_capture_on_commit_callbacks: Any
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    export = _build(seeded, django_capture_on_commit_callbacks)
    archive = _zip(export)
    jsonschema.validate(
        json.loads(archive.read("data.json")), json.loads(archive.read("schema.json"))
    )


def test_export_request_is_idempotent_while_pending_and_emails_when_ready(
    seeded: Seeded, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        first = export_request(user=seeded.user, tenant=seeded.tenant)
        second = export_request(user=seeded.user, tenant=seeded.tenant)
    assert first.pk == second.pk
    with django_capture_on_commit_callbacks(execute=True):
        privacy_export_build.apply(kwargs={"tenant_id": seeded.tenant.pk, "export_id": first.pk})
    assert mail.outbox[-1].to == [seeded.user.email]
    assert f"/privacy/exports/{first.pk}/download/" in mail.outbox[-1].body


def test_document_is_scoped_to_the_tenant_context(seeded: Seeded) -> None:
    with tenant_context(seeded.other_tenant.pk):
        document, files = export_document(user_id=seeded.user.pk, tenant=seeded.other_tenant)
    titles = [r["title"] for r in document["records"]["resumes.Resume"]["rows"]]
    assert titles == ["Globex CV 0"] and len(files) == 2
    assert export_schema()["properties"]["version"]["const"] == EXPORT_FORMAT_VERSION


def _reauthenticate(client: Any, password: str) -> None:
    # allauth's re-authentication page: the password, entered again.
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302


def test_download_needs_the_owner_a_recent_login_and_an_unexpired_link(
    seeded: Seeded, tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    export = _build(seeded, django_capture_on_commit_callbacks)
    url = f"/privacy/exports/{export.pk}/download/"
    client = client_for(tenant_a, seeded.user)
    stale = client.get(url)
    assert stale.status_code == 302 and "reauthenticate" in stale["Location"]
    _reauthenticate(client, TEST_PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]

    other = User.objects.create_user("someone@acme.test", "x-password-123")
    with tenant_context(tenant_a.pk):
        from accounts.services import membership_join

        membership_join(user=other)
    intruder = client_for(tenant_a, other)
    _reauthenticate(intruder, "x-password-123")
    assert intruder.get(url).status_code == 404

    with tenant_context(tenant_a.pk):
        DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(url).status_code == 404

"""Optimised versions through the web: optimise for a pasted job or a score's job, decide on
each suggestion with htmx, confirm flagged ones, save/rename/delete named versions, download
DOCX and PDF — one usage event per optimisation, and only the owner reaches any of it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from accounts.models import Tenant, User
from jobmentis.ai.models import AIUsageEvent
from jobmentis.ai.providers import local
from jobmentis.tenancy.context import tenant_context
from resumes.export import reparse
from resumes.models import Optimisation, Resume, ResumeVersion
from resumes.optimisation import FEATURE
from resumes.services import match_score_create, optimisation_create, resume_import_json
from tests.conftest import client_for
from tests.resumes.optimisation_samples import CV_ANALYST, JOB_DATA_ENGINEER

pytestmark = pytest.mark.django_db


def _cv(tenant: Tenant, user: User) -> Resume:
    with tenant_context(tenant.pk):
        return resume_import_json(user=user, data=CV_ANALYST, original_filename="ada.json")


def _optimise(client: Client, resume: Resume, **extra: Any) -> Any:
    return client.post(
        f"/cvs/{resume.pk}/optimise/",
        {"job_description": JOB_DATA_ENGINEER, "job_title": "Data Engineer", **extra},
    )


def _only(tenant: Tenant, model: Any) -> Any:
    with tenant_context(tenant.pk):
        return model.objects.get()


def _refresh(tenant: Tenant, row: Any) -> None:
    with tenant_context(tenant.pk):
        row.refresh_from_db()


def _suggestion(optimisation: Optimisation, path: str) -> dict[str, Any]:
    return next(entry for entry in optimisation.suggestions if entry["path"] == path)


def test_optimise_creates_suggestions_and_one_usage_event(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    response = _optimise(client, resume)
    optimisation = _only(tenant_a, Optimisation)
    assert response.status_code == 302
    assert response["Location"] == f"/cvs/{resume.pk}/optimise/{optimisation.pk}/"
    assert optimisation.provider == "local" and optimisation.job_title == "Data Engineer"
    assert len(optimisation.suggestions) >= 5
    with tenant_context(tenant_a.pk):
        events = list(AIUsageEvent.objects.filter(feature=FEATURE))
    assert [(event.user_id, event.status) for event in events] == [(seeker_a.pk, "ok")]

    page = client.get(response["Location"]).content.decode()
    assert "Suggestions for Data Engineer" in page
    # The word-level diff: struck-through removals and underlined additions, labelled in words.
    assert '<del class="opt-del"><span class="visually-hidden">removed: </span>' in page
    assert '<ins class="opt-ins"><span class="visually-hidden">added: </span>' in page
    assert "Order of bullet points · Data Analyst · Northwind" in page


def test_optimise_from_a_match_score_prefills_the_job(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        match = match_score_create(user=seeker_a, resume=resume, job_description=JOB_DATA_ENGINEER)
    client = client_for(tenant_a, seeker_a)
    result_page = client.get(f"/cvs/{resume.pk}/match/{match.pk}/").content.decode()
    assert f'href="/cvs/{resume.pk}/optimise/?match={match.pk}"' in result_page
    form = client.get(f"/cvs/{resume.pk}/optimise/?match={match.pk}").content.decode()
    assert "Kubernetes and Airflow in production" in form
    assert f'name="match" value="{match.pk}"' in form
    _optimise(client, resume, match=str(match.pk))
    assert _only(tenant_a, Optimisation).match_id == match.pk


def test_invalid_job_is_refused_and_nothing_is_recorded(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).post(
        f"/cvs/{resume.pk}/optimise/", {"job_description": "short"}
    )
    assert response.status_code == 400
    with tenant_context(tenant_a.pk):
        assert not Optimisation.objects.exists()
        assert not AIUsageEvent.objects.exists()


def test_engine_failure_is_reported_and_rolled_back(
    tenant_a: Tenant, seeker_a: User, settings: Any
) -> None:
    from jobmentis.ai.exceptions import AIUnavailable

    def broken(request: Any) -> dict[str, Any]:
        raise AIUnavailable("down", provider="local", model="local")

    resume = _cv(tenant_a, seeker_a)
    with local.override(FEATURE, broken):
        response = _optimise(client_for(tenant_a, seeker_a), resume)
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    with tenant_context(tenant_a.pk):
        assert not Optimisation.objects.exists()


def test_decisions_swap_in_place_with_htmx(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    _optimise(client, resume)
    optimisation = _only(tenant_a, Optimisation)
    target = _suggestion(optimisation, "work.0.highlights.2")
    url = f"/cvs/{resume.pk}/optimise/{optimisation.pk}/decide/"
    response = client.post(
        url, {"suggestion": target["id"], "decision": "accepted"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(
        f'<article class="opt-card opt-card--accepted" id="suggestion-{target["id"]}"'
    )
    assert 'id="opt-counts"' in html and 'hx-swap-oob="true"' in html and "1 accepted" in html
    _refresh(tenant_a, optimisation)
    assert _suggestion(optimisation, "work.0.highlights.2")["decision"] == "accepted"

    # Without htmx: back to the page, at the suggestion.
    response = client.post(url, {"suggestion": target["id"], "decision": "rejected"})
    assert response["Location"].endswith(f"#suggestion-{target['id']}")
    assert client.post(url, {"suggestion": "s999", "decision": "accepted"}).status_code == 404
    assert client.post(url, {"suggestion": target["id"], "decision": "x"}).status_code == 400


def test_a_flagged_suggestion_needs_an_explicit_confirmation(
    tenant_a: Tenant, seeker_a: User
) -> None:
    def inventive(request: Any) -> dict[str, Any]:
        return {
            "suggestions": [
                {"kind": "rewrite", "path": "work.1.highlights.0",
                 "original": "Cleaned survey data in Excel",
                 "suggested": "Cleaned survey data in Excel and Kubernetes at Google",
                 "items": [], "keywords": [], "reason": "More keywords"}
            ]
        }  # fmt: skip

    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    with local.override(FEATURE, inventive):
        _optimise(client, resume)
    optimisation = _only(tenant_a, Optimisation)
    [entry] = optimisation.suggestions
    page = client.get(f"/cvs/{resume.pk}/optimise/{optimisation.pk}/").content.decode()
    assert "Check before you apply:" in page and "Kubernetes" in page and "Google" in page
    assert "I confirm this is true" in page

    url = f"/cvs/{resume.pk}/optimise/{optimisation.pk}/decide/"
    htmx = {"HX-Request": "true"}
    refused = client.post(url, {"suggestion": entry["id"], "decision": "accepted"}, headers=htmx)
    assert "Tick the box to confirm" in refused.content.decode()
    _refresh(tenant_a, optimisation)
    assert optimisation.suggestions[0]["decision"] == "pending"

    client.post(
        url, {"suggestion": entry["id"], "decision": "accepted", "confirm": "yes"}, headers=htmx
    )
    _refresh(tenant_a, optimisation)
    assert optimisation.suggestions[0]["decision"] == "accepted"
    assert optimisation.suggestions[0]["confirmed"] is True


def test_save_rename_list_and_delete_versions_without_touching_the_cv(
    tenant_a: Tenant, seeker_a: User
) -> None:
    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    _optimise(client, resume)
    optimisation = _only(tenant_a, Optimisation)
    url = f"/cvs/{resume.pk}/optimise/{optimisation.pk}/decide/"
    for path, decision in (("work.0.highlights.2", "accepted"), ("skills", "accepted"),
                           ("work.0.highlights.1", "rejected")):  # fmt: skip
        client.post(
            url, {"suggestion": _suggestion(optimisation, path)["id"], "decision": decision}
        )
    response = client.post(
        f"/cvs/{resume.pk}/optimise/{optimisation.pk}/save/", {"name": "Northwind — DE"}
    )
    version = _only(tenant_a, ResumeVersion)
    assert response["Location"] == f"/cvs/{resume.pk}/versions/{version.pk}/"
    assert version.applied_count == 2 and version.optimisation_id == optimisation.pk
    assert version.data["work"][0]["highlights"][2] == (
        "Used Python and SQL to automate reporting daily"
    )
    assert [skill["name"] for skill in version.data["skills"]] == ["Data", "Office"]
    with tenant_context(tenant_a.pk):
        resume.refresh_from_db()
    assert resume.edited_data is None and resume.parsed_data["skills"][0]["name"] == "Office"

    detail = client.get(f"/cvs/{resume.pk}/").content.decode()
    assert (
        f'href="/cvs/{resume.pk}/versions/{version.pk}/"' in detail and "Northwind — DE" in detail
    )
    page = client.get(f"/cvs/{resume.pk}/versions/{version.pk}/").content.decode()
    assert "Round-trip check" in page and "Download Word (.docx)" in page

    client.post(f"/cvs/{resume.pk}/versions/{version.pk}/rename/", {"name": "Renamed"})
    assert _only(tenant_a, ResumeVersion).name == "Renamed"
    assert (
        client.post(f"/cvs/{resume.pk}/optimise/{optimisation.pk}/save/", {"name": ""}).status_code
        == 400
    )
    client.post(f"/cvs/{resume.pk}/versions/{version.pk}/delete/")
    with tenant_context(tenant_a.pk):
        assert not ResumeVersion.objects.exists()
        assert Resume.objects.filter(pk=resume.pk).exists()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_downloads_are_valid_files_that_reparse(tenant_a: Tenant, seeker_a: User, fmt: str) -> None:
    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    response = client.get(f"/cvs/{resume.pk}/export/cv.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ada.{fmt}"'
    assert response["Cache-Control"] == "private, no-store"
    parsed, _text = reparse(response.content, fmt)
    assert parsed["basics"]["name"] == "Ada Lovelace"
    assert parsed["basics"]["email"] == "ada@example.com"
    assert [entry["name"] for entry in parsed["work"]] == ["Northwind", "Contoso"]

    _optimise(client, resume)
    optimisation = _only(tenant_a, Optimisation)
    client.post(f"/cvs/{resume.pk}/optimise/{optimisation.pk}/save/", {"name": "Tailored"})
    version = _only(tenant_a, ResumeVersion)
    response = client.get(f"/cvs/{resume.pk}/versions/{version.pk}/cv.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="tailored.{fmt}"'
    assert response.content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_export_page_warns_about_fields_that_would_be_lost(
    tenant_a: Tenant, seeker_a: User, monkeypatch: Any
) -> None:
    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    page = client.get(f"/cvs/{resume.pk}/export/").content.decode()
    assert "DOCX: we read the file back and found all" in page
    assert "may be lost" not in page

    import resumes.export as export

    real = export.reparse

    def lossy(content: bytes, fmt: str) -> tuple[dict[str, Any], str]:
        parsed, text = real(content, fmt)
        parsed["basics"]["email"] = ""
        return parsed, text

    monkeypatch.setattr(export, "reparse", lossy)
    page = client.get(f"/cvs/{resume.pk}/export/").content.decode()
    assert "PDF: 1 field may be lost" in page and "ada@example.com" in page


def test_other_users_and_tenants_get_404(
    tenant_a: Tenant, seeker_a: User, tenant_b: Tenant, seeker_b: User, admin_a: User
) -> None:
    resume = _cv(tenant_a, seeker_a)
    owner = client_for(tenant_a, seeker_a)
    _optimise(owner, resume)
    optimisation = _only(tenant_a, Optimisation)
    owner.post(f"/cvs/{resume.pk}/optimise/{optimisation.pk}/save/", {"name": "V"})
    version = _only(tenant_a, ResumeVersion)
    urls = [
        f"/cvs/{resume.pk}/optimise/",
        f"/cvs/{resume.pk}/optimise/{optimisation.pk}/",
        f"/cvs/{resume.pk}/versions/{version.pk}/",
        f"/cvs/{resume.pk}/versions/{version.pk}/cv.pdf",
        f"/cvs/{resume.pk}/export/",
        f"/cvs/{resume.pk}/export/cv.docx",
    ]
    for client in (client_for(tenant_a, admin_a), client_for(tenant_b, seeker_b)):
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/cvs/{resume.pk}/versions/{version.pk}/delete/").status_code == 404
    assert _only(tenant_a, ResumeVersion).pk == version.pk


def test_the_service_records_exactly_one_usage_event_per_optimisation(
    tenant_a: Tenant, seeker_a: User
) -> None:
    resume = _cv(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        for _ in range(2):
            optimisation_create(user=seeker_a, resume=resume, job_description=JOB_DATA_ENGINEER)
        assert AIUsageEvent.objects.filter(feature=FEATURE, status="ok").count() == 2
        assert AIUsageEvent.objects.count() == 2


def test_reparse_reads_docx_bytes() -> None:
    from resumes.export import render_docx

    parsed, text = reparse(render_docx(CV_ANALYST), "docx")
    assert "Northwind" in text and parsed["basics"]["name"] == "Ada Lovelace"
    assert io.BytesIO(render_docx(CV_ANALYST)).read(2) == b"PK"


class _QuotaExceeded(Exception):
    upgrade_url = "/billing/plans/"


def test_billing_quota_gates_optimisations_with_a_friendly_message(
    tenant_a: Tenant, seeker_a: User, monkeypatch: Any
) -> None:
    """billing.entitlements (the agreed interface) is called once per optimisation with the
    feature "cv_optimisation"; at the limit the user sees why and where to upgrade."""
    import sys
    import types

    calls: list[dict[str, Any]] = []
    remaining = [1]

    def entitlement_consume(*, user: User, tenant: Tenant, feature: str, amount: int = 1) -> int:
        calls.append({"user": user.pk, "tenant": tenant.pk, "feature": feature})
        if remaining[0] <= 0:
            raise _QuotaExceeded("limit")
        remaining[0] -= 1
        return remaining[0]

    fake = types.ModuleType("billing.entitlements")
    fake.entitlement_consume = entitlement_consume  # type: ignore[attr-defined]
    fake.QuotaExceeded = _QuotaExceeded  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "billing.entitlements", fake)

    resume = _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    assert _optimise(client, resume).status_code == 302
    refused = _optimise(client, resume)
    assert refused.status_code == 402
    html = refused.content.decode()
    assert "used all the CV optimisations your plan includes" in html
    assert 'href="/billing/plans/"' in html
    assert calls == [{"user": seeker_a.pk, "tenant": tenant_a.pk, "feature": "cv_optimisation"}] * 2
    with tenant_context(tenant_a.pk):
        assert Optimisation.objects.count() == 1
        assert AIUsageEvent.objects.filter(feature=FEATURE).count() == 1

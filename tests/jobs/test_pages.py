"""Every tracker page renders for its owner with strict templates (a missing variable shows up
in the output), with data in it: board, list, forms, detail, interview, import preview,
settings, dashboard."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.services import application_add_note, contact_create, interview_create
from tests.accounts.test_pages import INVALID_MARKER, strict_templates
from tests.conftest import client_for
from tests.jobs.conftest import make_application

pytestmark = pytest.mark.django_db
__all__ = ["strict_templates"]


@pytest.fixture
def seeded(tenant_a: Tenant, seeker_a: User) -> int:
    app = make_application(
        tenant_a,
        seeker_a,
        company="Initech",
        title="Analyst",
        tags=["remote"],
        salary_min=1000,
        salary_max=2000,
        salary_currency="EUR",
        description="Do things",
        status="interviewing",
    )
    with tenant_context(tenant_a.pk):
        application_add_note(application=app, user=seeker_a, body="A note")
        contact_create(application=app, user=seeker_a, data={"name": "Grace", "role": "CTO"})
        interview_create(
            application=app, user=seeker_a, data={"starts_at": datetime(2031, 1, 1, 9, tzinfo=UTC)}
        )
    return app.pk


def _ok(response: Any, status: int = 200) -> str:
    html = response.content.decode()
    assert response.status_code == status, html[:2000]
    assert INVALID_MARKER not in html, html[html.index(INVALID_MARKER) - 300 :][:600]
    return html


@pytest.mark.parametrize(
    "path",
    [
        "/jobs/",
        "/jobs/list/",
        "/jobs/list/?q=initech&status=interviewing",
        "/jobs/new/",
        "/jobs/quick/",
        "/jobs/import/",
        "/settings/reminders/",
        "/dashboard/",
        "/jobs/{id}/",
        "/jobs/{id}/edit/",
        "/jobs/{id}/delete/",
    ],
)
def test_tracker_pages_render(
    tenant_a: Tenant, seeker_a: User, seeded: int, strict_templates: None, path: str
) -> None:
    _ok(client_for(tenant_a, seeker_a).get(path.format(id=seeded)))


def test_interview_edit_renders(
    tenant_a: Tenant, seeker_a: User, seeded: int, strict_templates: None
) -> None:
    from jobs.models import Interview

    with tenant_context(tenant_a.pk):
        interview = Interview.objects.get()
    html = _ok(client_for(tenant_a, seeker_a).get(f"/jobs/{seeded}/interviews/{interview.pk}/"))
    assert 'value="09:00"' in html  # shown back in the zone it was entered in (UTC)


def test_forms_with_errors_and_previews_render(
    tenant_a: Tenant, seeker_a: User, seeded: int, strict_templates: None
) -> None:
    client = client_for(tenant_a, seeker_a)
    _ok(client.post("/jobs/new/", {"company": ""}), 400)
    _ok(client.post("/jobs/quick/", {"text": "Analyst\nCompany: Initech"}))
    _ok(client.post("/jobs/quick/", {}), 400)
    _ok(client.post(f"/jobs/{seeded}/interviews/", {"date": "x"}), 400)
    _ok(client.post(f"/jobs/{seeded}/contacts/", {"name": ""}), 400)
    upload = SimpleUploadedFile("a.csv", b"company,title\nA,B\n,C\n", content_type="text/csv")
    html = _ok(client.post("/jobs/import/", {"file": upload}))
    assert "1 row is ready to import." in html
    _ok(client.post("/settings/reminders/", {"deadline_days": "0"}), 400)


def test_detail_page_shows_timeline(tenant_a: Tenant, seeker_a: User, seeded: int) -> None:
    html = client_for(tenant_a, seeker_a).get(f"/jobs/{seeded}/").content.decode()
    assert "Analyst" in html and "Added to Interviewing" in html and "A note" in html
    assert "Grace" in html

"""Tracker pages: moves over htmx, validation that keeps input, quick add, CSV round trip,
ICS and the calendar feed, and the walls between users."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Profile, Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from jobs.models import Activity, Application, CalendarFeed, Interview, Status
from jobs.services import calendar_feed_enable, interview_create
from tests.conftest import TEST_PASSWORD, client_for
from tests.jobs.conftest import make_application

pytestmark = pytest.mark.django_db


def _other_seeker(tenant: Tenant) -> User:
    return user_create_in_tenant(tenant=tenant, email="other@acme.test", password=TEST_PASSWORD)


def _app(tenant: Tenant, pk: int) -> Application:
    with tenant_context(tenant.pk):
        return Application.objects.get(pk=pk)


def test_htmx_move_returns_the_board_with_an_announcement(tenant_a: Tenant, seeker_a: User) -> None:
    app = make_application(tenant_a, seeker_a, title="Analyst", company="Initech")
    response = client_for(tenant_a, seeker_a).post(
        f"/jobs/{app.pk}/move/", {"status": "applied"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="board"' in html and "<html" not in html  # the partial, not a page
    assert "Moved “Analyst” at Initech to Applied." in html
    assert f'data-focus="{app.pk}"' in html
    assert _app(tenant_a, app.pk).status == Status.APPLIED


def test_move_without_js_redirects_back_to_the_board(tenant_a: Tenant, seeker_a: User) -> None:
    app = make_application(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).post(f"/jobs/{app.pk}/move/", {"status": "offer"})
    assert response.status_code == 302 and response["Location"] == "/jobs/"
    assert _app(tenant_a, app.pk).status == Status.OFFER


def test_move_to_a_closed_status_keeps_the_closing_reason(tenant_a: Tenant, seeker_a: User) -> None:
    app = make_application(tenant_a, seeker_a, status="applied")
    client_for(tenant_a, seeker_a).post(
        f"/jobs/{app.pk}/move/", {"status": "rejected", "closing_reason": "salary"}
    )
    stored = _app(tenant_a, app.pk)
    assert (stored.status, stored.closing_reason) == ("rejected", "salary")


def test_move_refuses_an_unknown_status(tenant_a: Tenant, seeker_a: User) -> None:
    app = make_application(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).post(f"/jobs/{app.pk}/move/", {"status": "lost"})
    assert response.status_code == 400
    assert _app(tenant_a, app.pk).status == Status.WISHLIST


@pytest.mark.parametrize(
    "path",
    ["/jobs/{id}/", "/jobs/{id}/edit/", "/jobs/{id}/delete/"],
)
def test_another_users_application_is_a_404(tenant_a: Tenant, seeker_a: User, path: str) -> None:
    app = make_application(tenant_a, seeker_a)
    other = client_for(tenant_a, _other_seeker(tenant_a))
    assert other.get(path.format(id=app.pk)).status_code == 404
    assert other.post(f"/jobs/{app.pk}/move/", {"status": "offer"}).status_code == 404
    assert _app(tenant_a, app.pk).status == Status.WISHLIST


def test_board_and_list_show_only_the_users_own_applications(
    tenant_a: Tenant, seeker_a: User
) -> None:
    make_application(tenant_a, seeker_a, company="Mine Corp")
    other = _other_seeker(tenant_a)
    make_application(tenant_a, other, company="Theirs Corp")
    client = client_for(tenant_a, seeker_a)
    for path in ("/jobs/", "/jobs/list/", "/dashboard/"):
        html = client.get(path).content.decode()
        assert "Mine Corp" in html and "Theirs Corp" not in html


def test_invalid_application_form_keeps_every_value(tenant_a: Tenant, seeker_a: User) -> None:
    data = {
        "company": "Initech",
        "title": "Analyst",
        "url": "not a url",
        "salary_min": "90000",
        "salary_max": "50000",
        "salary_currency": "EURO",
        "status": "applied",
        "priority": "2",
        "applied_on": "2020-01-10",
        "follow_up_on": "2020-01-01",
        "notes": "Keep me",
        "tags": "remote, python",
    }
    response = client_for(tenant_a, seeker_a).post("/jobs/new/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid URL." in html
    assert "The maximum salary must be at least the minimum (90,000)." in html
    assert "Use a three-letter currency code" in html
    assert "The follow-up date cannot be before you applied." in html
    assert 'value="Initech"' in html and "Keep me" in html and 'value="remote, python"' in html
    with tenant_context(tenant_a.pk):
        assert Application.objects.count() == 0


def test_closing_reason_only_for_closed_statuses(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).post(
        "/jobs/new/",
        {
            "company": "A",
            "title": "B",
            "status": "applied",
            "priority": "2",
            "closing_reason": "salary",
        },
    )
    assert response.status_code == 400
    assert "A closing reason only applies" in response.content.decode()


def test_create_stores_tags_and_redirects_to_detail(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).post(
        "/jobs/new/",
        {
            "company": "Initech",
            "title": "Analyst",
            "status": "wishlist",
            "priority": "3",
            "tags": "Remote; dream job",
            "salary_min": "50000",
            "salary_max": "60000",
            "salary_currency": "eur",
        },
    )
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        app = Application.objects.get()
        assert sorted(app.tags.values_list("name", flat=True)) == ["Remote", "dream job"]
        assert app.salary_currency == "EUR"
    assert response["Location"] == f"/jobs/{app.pk}/"


def test_quick_add_prefills_from_pasted_text_without_saving(
    tenant_a: Tenant, seeker_a: User
) -> None:
    text = "Backend Engineer\nCompany: Hooli\nLocation: Dublin, Ireland\nFully remote. €70k-€90k"
    response = client_for(tenant_a, seeker_a).post(
        "/jobs/quick/", {"url": "https://www.linkedin.com/jobs/view/1", "text": text}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Hooli"' in html and 'value="Backend Engineer"' in html
    assert 'value="Dublin, Ireland"' in html and 'value="LinkedIn"' in html
    assert 'value="70000"' in html and 'value="90000"' in html
    with tenant_context(tenant_a.pk):
        assert Application.objects.count() == 0


def test_quick_add_needs_text_or_url(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).post("/jobs/quick/", {"url": "", "text": "  "})
    assert response.status_code == 400
    assert "Paste a job description or a link" in response.content.decode()


def test_note_is_added_to_the_timeline_and_empty_note_refused(
    tenant_a: Tenant, seeker_a: User
) -> None:
    app = make_application(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    assert client.post(f"/jobs/{app.pk}/notes/", {"body": ""}).status_code == 400
    client.post(f"/jobs/{app.pk}/notes/", {"body": "Called the recruiter"})
    html = client.get(f"/jobs/{app.pk}/").content.decode()
    assert "Called the recruiter" in html


def test_list_search_uses_full_text_over_company_title_and_notes(
    tenant_a: Tenant, seeker_a: User
) -> None:
    make_application(tenant_a, seeker_a, company="Acme Rockets", title="Engineer")
    make_application(tenant_a, seeker_a, company="Globex", title="Analyst", notes="met at PyCon")
    make_application(tenant_a, seeker_a, company="Initech", title="Data scientist")
    client = client_for(tenant_a, seeker_a)

    def found(q: str) -> set[str]:
        html = client.get("/jobs/list/", {"q": q}).content.decode()
        return {c for c in ("Acme Rockets", "Globex", "Initech") if c in html}

    assert found("acm") == {"Acme Rockets"}  # prefix
    assert found("pycon") == {"Globex"}  # notes
    assert found("data scientist") == {"Initech"}
    assert found("&|!:*()") == {"Acme Rockets", "Globex", "Initech"}  # no syntax error


def test_list_filters_by_status_salary_tag_and_date(tenant_a: Tenant, seeker_a: User) -> None:
    make_application(
        tenant_a,
        seeker_a,
        company="Cheap",
        salary_min=20000,
        salary_max=30000,
        salary_currency="EUR",
        status="applied",
    )
    make_application(
        tenant_a,
        seeker_a,
        company="Rich",
        salary_min=80000,
        salary_max=95000,
        salary_currency="EUR",
        status="offer",
        tags=["dream"],
    )
    client = client_for(tenant_a, seeker_a)
    html = client.get("/jobs/list/", {"salary_min": "50000"}).content.decode()
    assert "Rich" in html and "Cheap" not in html
    html = client.get("/jobs/list/", {"status": ["applied"]}).content.decode()
    assert "Cheap" in html and "Rich" not in html
    with tenant_context(tenant_a.pk):
        tag_id = Application.objects.get(company="Rich").tags.get().pk
    html = client.get("/jobs/list/", {"tag": tag_id}).content.decode()
    assert "Rich" in html and "Cheap" not in html
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    html = client.get("/jobs/list/", {"date_from": tomorrow}).content.decode()
    assert "Rich" not in html and "Cheap" not in html
    bad = client.get("/jobs/list/", {"date_from": tomorrow, "date_to": "2000-01-01"})
    assert "The end date must be on or after the start date." in bad.content.decode()


def test_list_paginates(tenant_a: Tenant, seeker_a: User) -> None:
    for i in range(27):
        make_application(tenant_a, seeker_a, company=f"Co{i:02d}")
    client = client_for(tenant_a, seeker_a)
    first = client.get("/jobs/list/", {"sort": "company"}).content.decode()
    second = client.get("/jobs/list/", {"sort": "company", "page": 2}).content.decode()
    assert "Co00" in first and "Co25" not in first
    assert "Co25" in second and "Co26" in second and "Page 2 of 2" in second


CSV = (
    "Company,Job title,Status,Applied,Salary min,Salary max,Currency,Tags,Notes\n"
    "Initech,Analyst,Applied,2026-01-05,50k,60k,EUR,remote;python,first\n"
    ",Missing company,Applied,,,,,,\n"
    "Globex,Engineer,lost,2026-13-01,,,,,\n"
    "Hooli,PM,Interviewing,,70000,60000,EUR,,\n"
)


def test_csv_import_previews_with_per_row_errors_then_imports_valid_rows(
    tenant_a: Tenant, seeker_a: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(tenant_a, seeker_a)
    upload = SimpleUploadedFile("apps.csv", CSV.encode(), content_type="text/csv")
    preview = client.post("/jobs/import/", {"file": upload}).content.decode()
    assert "1 row is ready to import." in preview
    assert "3 rows have errors and will be skipped." in preview
    assert "This field is required." in preview
    assert "Select a valid choice. lost is not one of the available choices." in preview
    assert "Enter a valid date." in preview
    assert "The maximum salary must be at least the minimum" in preview
    with tenant_context(tenant_a.pk):
        assert Application.objects.count() == 0  # nothing saved by the preview
    response = client.post("/jobs/import/", {"confirm": "1"})
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        app = Application.objects.get()
        assert (app.company, app.status, app.salary_min, str(app.applied_on)) == (
            "Initech",
            "applied",
            50000,
            "2026-01-05",
        )
        assert sorted(app.tags.values_list("name", flat=True)) == ["python", "remote"]


def test_csv_import_refuses_a_file_without_the_required_columns(
    tenant_a: Tenant, seeker_a: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.csv", b"name,when\nfoo,bar\n", content_type="text/csv")
    response = client_for(tenant_a, seeker_a).post("/jobs/import/", {"file": upload})
    assert response.status_code == 400
    assert "including “company” and “title”" in response.content.decode()


def test_csv_export_round_trips_and_neutralises_formulas(tenant_a: Tenant, seeker_a: User) -> None:
    make_application(
        tenant_a,
        seeker_a,
        company='=HYPERLINK("x")',
        title="Analyst",
        tags=["remote"],
        status="applied",
    )
    response = client_for(tenant_a, seeker_a).get("/jobs/export.csv")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body and "remote" in body and "Analyst" in body
    header = body.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("company,title,url")


def _interview(tenant: Tenant, user: User, app: Application, **kw: object) -> Interview:
    with tenant_context(tenant.pk):
        data = {
            "starts_at": datetime(2031, 3, 14, 9, 30, tzinfo=UTC),
            "time_zone": "Europe/Rome",
            "duration_minutes": 45,
            "kind": "video",
            "location": "https://meet.example/x",
            "interviewers": "Grace; Alan, Ada",
        }
        data.update(kw)
        return interview_create(application=app, user=user, data=data)


def test_interview_form_uses_the_profile_time_zone(tenant_a: Tenant, seeker_a: User) -> None:
    with tenant_context(tenant_a.pk):
        Profile.objects.filter(user=seeker_a).update(timezone="America/New_York")
    app = make_application(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).post(
        f"/jobs/{app.pk}/interviews/",
        {
            "date": "2031-07-01",
            "start_time": "09:00",
            "duration_minutes": "60",
            "kind": "phone",
            "outcome": "pending",
        },
    )
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        interview = Interview.objects.get()
    assert interview.starts_at == datetime(2031, 7, 1, 13, 0, tzinfo=UTC)  # EDT is UTC-4
    assert interview.time_zone == "America/New_York"
    with tenant_context(tenant_a.pk):
        assert Activity.objects.filter(kind="interview").exists()


def test_interview_form_rejects_bad_input_and_keeps_it(tenant_a: Tenant, seeker_a: User) -> None:
    with tenant_context(tenant_a.pk):
        Profile.objects.filter(user=seeker_a).update(timezone="Europe/Rome")
    app = make_application(tenant_a, seeker_a)
    response = client_for(tenant_a, seeker_a).post(
        f"/jobs/{app.pk}/interviews/",
        {
            "date": "2031-03-30",
            "start_time": "02:30",
            "duration_minutes": "2",
            "kind": "phone",
            "outcome": "pending",
            "interviewers": "Keep Me",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This time does not exist in Europe/Rome" in html  # DST gap
    assert "between 5 minutes and 24 hours" in html
    assert 'value="Keep Me"' in html


def test_ics_download_is_valid_icalendar(tenant_a: Tenant, seeker_a: User) -> None:
    app = make_application(tenant_a, seeker_a, title="Analyst", company="Initech, Inc")
    interview = _interview(tenant_a, seeker_a, app, prep_notes="Line one\nLine two; ok")
    response = client_for(tenant_a, seeker_a).get(
        f"/jobs/{app.pk}/interviews/{interview.pk}/interview.ics"
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20310314T093000Z\r\n" in body and "DTEND:20310314T101500Z\r\n" in body
    assert "Initech\\, Inc" in body and "Line one\\nLine two\\; ok" in body
    assert f"UID:interview-{tenant_a.pk}-{interview.pk}@" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_calendar_feed_works_without_login_and_stops_when_revoked(
    tenant_a: Tenant, seeker_a: User, tenant_b: Tenant
) -> None:
    app = make_application(tenant_a, seeker_a, title="Analyst")
    _interview(tenant_a, seeker_a, app)
    with tenant_context(tenant_a.pk):
        token = calendar_feed_enable(user=seeker_a).token
    anonymous = client_for(tenant_a)
    response = anonymous.get(f"/jobs/calendar/{token}.ics")
    assert response.status_code == 200 and "Analyst" in response.content.decode()
    # Another tenant's host does not know the token.
    assert client_for(tenant_b).get(f"/jobs/calendar/{token}.ics").status_code == 404
    # Rotating revokes the old URL.
    client_for(tenant_a, seeker_a).post("/settings/reminders/", {"feed": "rotate"})
    assert anonymous.get(f"/jobs/calendar/{token}.ics").status_code == 404
    with tenant_context(tenant_a.pk):
        new = CalendarFeed.objects.get().token
    assert anonymous.get(f"/jobs/calendar/{new}.ics").status_code == 200
    client_for(tenant_a, seeker_a).post("/settings/reminders/", {"feed": "revoke"})
    assert anonymous.get(f"/jobs/calendar/{new}.ics").status_code == 404


def test_settings_page_shows_the_feed_url(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    client.post("/settings/reminders/", {"feed": "enable"})
    html = client.get("/settings/reminders/").content.decode()
    with tenant_context(tenant_a.pk):
        token = CalendarFeed.objects.get().token
    assert f"/jobs/calendar/{token}.ics" in html


def test_reminder_settings_validate_and_save(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    bad = client.post("/settings/reminders/", {"deadline_days": "40", "deadline_email": "on"})
    assert bad.status_code == 400 and "Choose between 1 and 14 days." in bad.content.decode()
    client.post("/settings/reminders/", {"deadline_days": "3", "interview_in_app": "on"})
    from jobs.models import ReminderSettings

    with tenant_context(tenant_a.pk):
        stored = ReminderSettings.objects.get(user=seeker_a)
    assert stored.deadline_days == 3 and stored.interview_in_app and not stored.deadline_email

"""Support staff work the queue on the platform host, across tenants, every action audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from freezegun import freeze_time

from accounts.models import AuditLog, Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.requests.models import DataSubjectRequest, RequestNote
from privacy.requests.selectors import QueueFilters, support_queue_counts, support_request_queue
from privacy.requests.services import RequestError, request_extend
from tests.conftest import client_for
from tests.dsr.conftest import PLATFORM_HOST

# The maintenance connection is a separate session: it only sees committed rows.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])

Make = Callable[..., DataSubjectRequest]


def _reload(dsr: DataSubjectRequest) -> DataSubjectRequest:
    with tenant_context(dsr.tenant_id):
        return DataSubjectRequest.objects.get(pk=dsr.pk)


def _audit(dsr: DataSubjectRequest) -> list[dict[str, object]]:
    with tenant_context(dsr.tenant_id):
        return list(
            AuditLog.objects.filter(object_type="dsr.datasubjectrequest", object_id=str(dsr.pk))
            .order_by("id")
            .values("action", "actor_id", "actor_role", "changed_fields")
        )


def _refs(response: object) -> set[str]:
    import re

    return set(re.findall(r"DSR-\d{6}", response.content.decode()))  # type: ignore[attr-defined]


def test_queue_lists_every_tenant_and_filters(
    support_client: Client,
    support_user: User,
    make_request: Make,
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    seeker_b: User,
) -> None:
    with freeze_time("2026-01-05"):
        old = make_request(tenant=tenant_a, user=seeker_a, kind="erasure")
    fresh = make_request(tenant=tenant_a, user=seeker_a, kind="access")
    other = make_request(tenant=tenant_b, user=seeker_b, kind="access")

    everything = support_client.get("/support/gdpr/")
    assert everything.status_code == 200
    assert _refs(everything) == {old.reference, fresh.reference, other.reference}
    # Most urgent first.
    assert everything.content.decode().index(old.reference) < everything.content.decode().index(
        fresh.reference
    )
    assert _refs(support_client.get(f"/support/gdpr/?tenant={tenant_b.pk}")) == {other.reference}
    assert _refs(support_client.get("/support/gdpr/?kind=erasure")) == {old.reference}
    assert _refs(support_client.get("/support/gdpr/?overdue=on")) == {old.reference}
    assert _refs(support_client.get("/support/gdpr/?assignee=me")) == set()
    assert _refs(support_client.get("/support/gdpr/?assignee=none")) == {
        old.reference,
        fresh.reference,
        other.reference,
    }

    support_client.post(f"/support/gdpr/{fresh.pk}/assign/", {"assignee": support_user.pk})
    assert _refs(support_client.get("/support/gdpr/?assignee=me")) == {fresh.reference}
    assert _refs(support_client.get(f"/support/gdpr/?assignee={support_user.pk}")) == {
        fresh.reference
    }


def test_overdue_and_due_soon_are_highlighted(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    with freeze_time("2026-01-05"):
        make_request(tenant=tenant_a, user=seeker_a)  # due 5 Feb
    with freeze_time("2026-01-25"):
        make_request(tenant=tenant_a, user=seeker_a)  # due 25 Feb
    with freeze_time("2026-02-07"):
        make_request(tenant=tenant_a, user=seeker_a)  # due 7 Mar
    with freeze_time("2026-02-20"):
        counts = support_queue_counts()
        page = support_client.get("/support/gdpr/").content.decode()
    assert (counts.open, counts.overdue, counts.due_soon) == (3, 1, 1)
    assert page.count("dsr-row--overdue") == 1
    assert page.count("dsr-row--soon") == 1
    assert "15 days overdue" in page
    assert "5 days left" in page


def test_status_filter_and_closed_requests_leave_the_open_queue(
    support_client: Client, support_user: User, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a)
    support_client.post(f"/support/gdpr/{dsr.pk}/status/", {"status": "completed"})
    assert _refs(support_client.get("/support/gdpr/")) == set()
    assert _refs(support_client.get("/support/gdpr/?status=completed")) == {dsr.reference}
    assert _refs(support_client.get("/support/gdpr/?status=")) == {dsr.reference}


def test_staff_workflow_is_audited_and_emailed(
    support_client: Client,
    support_user: User,
    make_request: Make,
    tenant_a: Tenant,
    seeker_a: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="rectification")
    detail = support_client.get(f"/support/gdpr/{dsr.pk}/")
    assert detail.status_code == 200 and dsr.reference.encode() in detail.content

    support_client.post(f"/support/gdpr/{dsr.pk}/assign/", {"assignee": support_user.pk})
    support_client.post(f"/support/gdpr/{dsr.pk}/status/", {"status": "in_progress"})
    support_client.post(f"/support/gdpr/{dsr.pk}/notes/", {"body": "Asked the tenant."})
    # Rejection needs a reason.
    response = support_client.post(
        f"/support/gdpr/{dsr.pk}/status/", {"status": "rejected"}, follow=True
    )
    assert b"Give the reason" in response.content
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        support_client.post(
            f"/support/gdpr/{dsr.pk}/status/",
            {"status": "completed", "resolution": "Your headline is fixed."},
        )

    dsr = _reload(dsr)
    assert dsr.status == DataSubjectRequest.Status.COMPLETED
    assert dsr.assignee_id == support_user.pk and dsr.closed_at is not None
    [done] = mail.outbox
    assert done.to == [seeker_a.email] and "complete" in done.subject
    assert "Your headline is fixed." in str(done.body)

    entries = _audit(dsr)
    actions = [(e["action"], tuple(e["changed_fields"])) for e in entries]  # type: ignore[arg-type]
    assert actions[0] == ("add", ())  # filed by the member
    assert ("view", ()) in actions
    assert ("change", ("assignee",)) in actions
    assert ("change", ("status",)) in actions
    assert ("change", ("closed_at", "resolution", "status")) in actions
    staff_entries = [e for e in entries if e["actor_id"] == support_user.pk]
    assert staff_entries and all(e["actor_role"] == "support" for e in staff_entries)
    with tenant_context(tenant_a.pk):
        [note] = RequestNote.objects.filter(request=dsr)
        assert AuditLog.objects.filter(
            object_type="dsr.requestnote", object_id=str(note.pk), actor=support_user
        ).exists()

    # A closed request cannot be reopened.
    support_client.post(f"/support/gdpr/{dsr.pk}/status/", {"status": "in_progress"})
    assert _reload(dsr).status == DataSubjectRequest.Status.COMPLETED


def test_rejection_emails_the_reason(
    support_client: Client,
    make_request: Make,
    tenant_a: Tenant,
    seeker_a: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="erasure")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        support_client.post(
            f"/support/gdpr/{dsr.pk}/status/",
            {"status": "rejected", "reason": "Invoices must be kept for 10 years."},
        )
    assert _reload(dsr).rejection_reason == "Invoices must be kept for 10 years."
    [message] = mail.outbox
    assert "Invoices must be kept" in str(message.body)
    assert "supervisory authority" in str(message.body)


def test_extension_before_the_deadline_is_emailed(
    support_client: Client,
    make_request: Make,
    tenant_a: Tenant,
    seeker_a: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with freeze_time("2026-01-31 12:00"):
        dsr = make_request(tenant=tenant_a, user=seeker_a)
    assert dsr.due_on == date(2026, 2, 28)
    mail.outbox.clear()
    with freeze_time("2026-02-28 18:00"), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        support_client.post(
            f"/support/gdpr/{dsr.pk}/extend/", {"months": 2, "reason": "Many systems involved."}
        )
    dsr = _reload(dsr)
    assert dsr.extended_due_on == date(2026, 4, 30)
    assert dsr.effective_due_on == date(2026, 4, 30)
    [notice] = mail.outbox
    assert "Many systems involved." in str(notice.body)
    assert "2026" in str(notice.body)
    assert any(
        e["changed_fields"]
        == sorted(["extension_months", "extended_due_on", "extension_reason", "extended_at"])
        for e in _audit(dsr)
    )


def test_extension_after_the_original_deadline_is_refused(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    with freeze_time("2026-01-31 12:00"):
        dsr = make_request(tenant=tenant_a, user=seeker_a)
    with freeze_time("2026-03-01 09:00"):
        response = support_client.post(
            f"/support/gdpr/{dsr.pk}/extend/",
            {"months": 1, "reason": "Too late."},
            follow=True,
        )
    assert b"can no longer be extended" in response.content
    assert _reload(dsr).extended_due_on is None


def test_extension_rules_in_the_service(
    make_request: Make, tenant_a: Tenant, seeker_a: User, support_user: User
) -> None:
    with freeze_time("2026-06-10"):
        dsr = make_request(tenant=tenant_a, user=seeker_a)
    with tenant_context(tenant_a.pk):
        dsr = DataSubjectRequest.objects.get(pk=dsr.pk)
        kwargs = {"actor": support_user, "actor_role": "support", "today": date(2026, 6, 20)}
        with pytest.raises(RequestError):
            request_extend(dsr=dsr, months=1, reason="  ", **kwargs)  # type: ignore[arg-type]
        request_extend(dsr=dsr, months=1, reason="Complex.", **kwargs)  # type: ignore[arg-type]
        assert dsr.extended_due_on == date(2026, 8, 10)
        # Up to two months in total: one more month is fine, then nothing more.
        request_extend(dsr=dsr, months=2, reason="More complex.", **kwargs)  # type: ignore[arg-type]
        assert dsr.extended_due_on == date(2026, 9, 10)
        with pytest.raises(RequestError):
            request_extend(dsr=dsr, months=2, reason="Again.", **kwargs)  # type: ignore[arg-type]


def test_only_support_staff_can_be_assigned(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a)
    response = support_client.post(
        f"/support/gdpr/{dsr.pk}/assign/", {"assignee": admin_a.pk}, follow=True
    )
    assert response.status_code == 200
    assert _reload(dsr).assignee_id is None


@pytest.mark.parametrize("path", ["/support/gdpr/", "/support/gdpr/contact/"])
def test_queue_is_for_support_staff_only(path: str, seeker_a: User, admin_a: User) -> None:
    anonymous = Client(HTTP_HOST=PLATFORM_HOST)
    assert anonymous.get(path).status_code == 302
    for user in (seeker_a, admin_a):
        client = Client(HTTP_HOST=PLATFORM_HOST)
        client.force_login(user)
        assert client.get(path).status_code == 403


def test_non_staff_cannot_act_on_a_request(
    make_request: Make, tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a)
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(admin_a)
    assert client.get(f"/support/gdpr/{dsr.pk}/").status_code == 403
    assert (
        client.post(f"/support/gdpr/{dsr.pk}/status/", {"status": "completed"}).status_code == 403
    )
    assert _reload(dsr).status == DataSubjectRequest.Status.VERIFIED


def test_missing_request_is_404(support_client: Client) -> None:
    assert support_client.get("/support/gdpr/987654/").status_code == 404
    assert support_client.post("/support/gdpr/987654/notes/", {"body": "x"}).status_code == 404


def test_queue_is_not_served_on_tenant_hosts(tenant_a: Tenant, support_user: User) -> None:
    response = client_for(tenant_a).get("/support/gdpr/")
    assert response.status_code == 404


def test_queue_selector_query_count_does_not_grow_with_rows(
    django_assert_max_num_queries: Callable[..., object],
    support_user: User,
    make_request: Make,
    tenant_a: Tenant,
    seeker_a: User,
) -> None:
    for _ in range(5):
        make_request(tenant=tenant_a, user=seeker_a)
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        rows = list(support_request_queue(filters=QueueFilters(), actor=support_user))
        assert [r.tenant.slug for r in rows] == ["acme"] * 5


def test_reading_contact_messages_is_audited_in_each_tenant(
    support_client: Client, support_user: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    from privacy.requests.models import ContactMessage

    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant.pk):
            ContactMessage.objects.create(
                full_name="Pat", email="pat@example.test", subject="Hi", message="Hello"
            )
    assert support_client.get("/support/gdpr/contact/").status_code == 200
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant.pk):
            [message] = ContactMessage.objects.all()
            assert AuditLog.objects.filter(
                object_type="dsr.contactmessage",
                object_id=str(message.pk),
                action="view",
                actor=support_user,
            ).exists()

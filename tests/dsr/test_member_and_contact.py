"""Signed-in members' requests, the contact form, and the tenant admin's read-only view."""

from __future__ import annotations

from collections.abc import Callable

from django.core import mail
from django.test import Client

from accounts.models import AuditLog, Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.requests.models import ContactMessage, DataSubjectRequest
from tests.conftest import client_for, host_of

Make = Callable[..., DataSubjectRequest]


def test_member_makes_a_request_from_settings(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = client_for(tenant_a, seeker_a)
    assert b"/settings/privacy/requests/" in client.get("/settings/privacy/").content
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            "/settings/privacy/requests/", {"kind": "portability", "details": ""}
        )
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        dsr = DataSubjectRequest.objects.get()
        assert AuditLog.objects.filter(
            object_id=str(dsr.pk), actor=seeker_a, actor_role="data_subject", action="add"
        ).exists()
    # Signed in: identity is the account; no code needed.
    assert dsr.status == DataSubjectRequest.Status.VERIFIED
    assert dsr.user_id == seeker_a.pk and dsr.source == "account"
    [ack] = mail.outbox
    assert ack.to == [seeker_a.email] and dsr.reference in ack.subject

    page = client.get("/settings/privacy/requests/").content.decode()
    assert dsr.reference in page and "Data portability" in page and "Verified" in page


def test_member_sees_only_own_requests(
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    admin_a: User,
    seeker_b: User,
    make_request: Make,
) -> None:
    mine = make_request(tenant=tenant_a, user=seeker_a)
    colleague = make_request(tenant=tenant_a, user=admin_a)
    other_tenant = make_request(tenant=tenant_b, user=seeker_b)
    page = client_for(tenant_a, seeker_a).get("/settings/privacy/requests/").content.decode()
    assert mine.reference in page
    assert colleague.reference not in page
    assert other_tenant.reference not in page


def test_my_requests_needs_sign_in(tenant_a: Tenant) -> None:
    response = Client(HTTP_HOST=host_of(tenant_a)).get("/settings/privacy/requests/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_contact_form_stores_and_acknowledges(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    assert client.get("/contact/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            "/contact/",
            {
                "full_name": "Carla Visitor",
                "email": "carla@example.test",
                "subject": "Partnership",
                "message": "Do you work with universities?",
                "website": "",
            },
        )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    with tenant_context(tenant_a.pk):
        message = ContactMessage.objects.get()
    assert message.subject == "Partnership" and message.user_id is None
    [ack] = mail.outbox
    assert ack.to == ["carla@example.test"] and "Partnership" in ack.subject
    assert "Acme Careers" in ack.from_email


def test_contact_honeypot_and_rate_limit(tenant_a: Tenant) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    data = {
        "full_name": "Bot",
        "email": "bot@example.test",
        "subject": "Buy",
        "message": "Cheap stuff",
        "website": "http://spam.example",
    }
    assert client.post("/contact/", data).status_code == 302
    with tenant_context(tenant_a.pk):
        assert not ContactMessage.objects.exists()
    data["website"] = ""
    statuses = [client.post("/contact/", data).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    with tenant_context(tenant_a.pk):
        assert ContactMessage.objects.count() == 3


def test_contact_messages_stay_in_their_tenant(tenant_a: Tenant, tenant_b: Tenant) -> None:
    Client(HTTP_HOST=host_of(tenant_b)).post(
        "/contact/",
        {"full_name": "B", "email": "b@example.test", "subject": "S", "message": "M"},
    )
    with tenant_context(tenant_a.pk):
        assert not ContactMessage.objects.exists()
    with tenant_context(tenant_b.pk):
        assert ContactMessage.objects.count() == 1


def test_tenant_admin_sees_own_tenants_requests_read_only(
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    admin_a: User,
    seeker_b: User,
    make_request: Make,
) -> None:
    mine = make_request(tenant=tenant_a, user=seeker_a)
    theirs = make_request(tenant=tenant_b, user=seeker_b)
    client = client_for(tenant_a, admin_a)
    listing = client.get("/admin/dsr/datasubjectrequest/")
    assert listing.status_code == 200
    assert mine.reference.encode() in listing.content
    assert theirs.reference.encode() not in listing.content
    assert client.get(f"/admin/dsr/datasubjectrequest/{mine.pk}/change/").status_code == 200
    # Another tenant's request looks missing (admin redirects to its index with a message).
    assert client.get(f"/admin/dsr/datasubjectrequest/{theirs.pk}/change/").status_code == 302
    # Read-only: no add, no change.
    assert client.get("/admin/dsr/datasubjectrequest/add/").status_code == 403
    response = client.post(
        f"/admin/dsr/datasubjectrequest/{mine.pk}/change/", {"status": "completed"}
    )
    assert response.status_code == 403
    with tenant_context(tenant_a.pk):
        assert DataSubjectRequest.objects.get(pk=mine.pk).status == "verified"
    assert client_for(tenant_a, seeker_a).get("/admin/dsr/datasubjectrequest/").status_code == 403

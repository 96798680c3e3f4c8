"""The public request form: a visitor files a request and proves the address with a code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import AuditLog, Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.requests.models import DataSubjectRequest
from tests.conftest import host_of
from tests.dsr.conftest import code_from_outbox

FORM = {
    "full_name": "Ada Seeker",
    "email": "Seeker@Acme.test",
    "kind": "access",
    "details": "Everything you hold about me, please.",
    "website": "",
}


def _requests(tenant: Tenant) -> list[DataSubjectRequest]:
    with tenant_context(tenant.pk):
        return list(DataSubjectRequest.objects.order_by("id"))


def _file(client: Client, capture: Callable[..., object], **changes: str) -> None:
    with capture(execute=True):  # type: ignore[operator]
        response = client.post("/privacy/request/", {**FORM, **changes})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/request/confirm/"


def _confirm(client: Client, code: str, capture: Callable[..., object]) -> object:
    with capture(execute=True):  # type: ignore[operator]
        return client.post("/privacy/request/confirm/", {"code": code})


def test_visitor_files_request_and_confirms_with_emailed_code(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    assert client.get("/privacy/request/").status_code == 200
    _file(client, django_capture_on_commit_callbacks)

    [dsr] = _requests(tenant_a)
    assert dsr.status == DataSubjectRequest.Status.RECEIVED
    assert dsr.email == "seeker@acme.test"
    assert dsr.user_id is None  # not linked before the address is proven
    [code_mail] = mail.outbox
    assert code_mail.to == ["seeker@acme.test"]
    assert "Acme Careers" in code_mail.from_email
    code = code_from_outbox()
    # Only a keyed hash is stored.
    assert code not in dsr.code_hash and len(dsr.code_hash) == 64
    assert code_mail.alternatives and code in str(code_mail.alternatives[0][0])

    response = _confirm(client, code, django_capture_on_commit_callbacks)
    assert response.status_code == 302  # type: ignore[attr-defined]
    [dsr] = _requests(tenant_a)
    assert dsr.status == DataSubjectRequest.Status.VERIFIED
    assert dsr.verified_at is not None and dsr.code_hash == ""
    assert dsr.user_id == seeker_a.pk  # the proven address belongs to a member
    ack = mail.outbox[-1]
    assert dsr.reference in ack.subject
    assert dsr.due_on.strftime("%Y") in str(ack.body)

    done = client.get("/privacy/request/received/")
    assert dsr.reference.encode() in done.content


def test_due_date_is_one_month_after_receipt(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with freeze_time("2028-01-31 10:00:00"):
        _file(Client(HTTP_HOST=host_of(tenant_a)), django_capture_on_commit_callbacks)
    [dsr] = _requests(tenant_a)
    assert dsr.due_on.isoformat() == "2028-02-29"


def test_unknown_address_is_verified_but_not_linked(
    tenant_a: Tenant, seeker_b: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    # seeker_b has an account, but not in tenant A: no link across tenants.
    client = Client(HTTP_HOST=host_of(tenant_a))
    _file(client, django_capture_on_commit_callbacks, email=seeker_b.email)
    _confirm(client, code_from_outbox(), django_capture_on_commit_callbacks)
    [dsr] = _requests(tenant_a)
    assert dsr.status == DataSubjectRequest.Status.VERIFIED
    assert dsr.user_id is None


def test_wrong_code_three_times_voids_the_code(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    _file(client, django_capture_on_commit_callbacks)
    code = code_from_outbox()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    first = client.post("/privacy/request/confirm/", {"code": wrong})
    assert first.status_code == 400 and b"2 attempt(s) left" in first.content
    client.post("/privacy/request/confirm/", {"code": wrong})
    third = client.post("/privacy/request/confirm/", {"code": wrong})
    assert b"Too many wrong codes" in third.content
    # Even the right code no longer works.
    fourth = client.post("/privacy/request/confirm/", {"code": code})
    assert b"Too many wrong codes" in fourth.content
    [dsr] = _requests(tenant_a)
    assert dsr.status == DataSubjectRequest.Status.RECEIVED
    assert dsr.code_attempts == 3 and dsr.code_hash == ""

    # A new code restores three attempts.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post("/privacy/request/confirm/resend/")
    _confirm(client, code_from_outbox(), django_capture_on_commit_callbacks)
    [dsr] = _requests(tenant_a)
    assert dsr.status == DataSubjectRequest.Status.VERIFIED


def test_code_expires_after_ten_minutes(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    with freeze_time("2026-03-10 09:00:00") as frozen:
        _file(client, django_capture_on_commit_callbacks)
        code = code_from_outbox()
        frozen.tick(timedelta(minutes=9, seconds=59))
        # Still valid one second before: prove it on a copy of the code check, then expire.
        [dsr] = _requests(tenant_a)
        assert dsr.code_expires_at is not None
        assert timezone.now() < dsr.code_expires_at
        frozen.tick(timedelta(seconds=1))
        response = client.post("/privacy/request/confirm/", {"code": code})
    assert b"This code has expired" in response.content
    [dsr] = _requests(tenant_a)
    assert dsr.status == DataSubjectRequest.Status.RECEIVED


def test_code_still_valid_just_before_expiry(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    with freeze_time("2026-03-10 09:00:00") as frozen:
        _file(client, django_capture_on_commit_callbacks)
        frozen.tick(timedelta(minutes=9, seconds=59))
        _confirm(client, code_from_outbox(), django_capture_on_commit_callbacks)
    [dsr] = _requests(tenant_a)
    assert dsr.status == DataSubjectRequest.Status.VERIFIED


def test_honeypot_stores_and_sends_nothing(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    _file(client, django_capture_on_commit_callbacks, website="http://spam.example")
    assert _requests(tenant_a) == []
    assert mail.outbox == []


def test_requests_are_rate_limited_per_email(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    for number in range(3):
        # A fresh client each time, as a script would; the per-address limit still applies.
        _file(Client(HTTP_HOST=host_of(tenant_a)), django_capture_on_commit_callbacks)
        assert len(_requests(tenant_a)) == number + 1
    response = Client(HTTP_HOST=host_of(tenant_a)).post("/privacy/request/", FORM)
    assert response.status_code == 429
    assert len(_requests(tenant_a)) == 3


def test_requests_are_rate_limited_per_ip(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    for number in range(5):
        _file(client, django_capture_on_commit_callbacks, email=f"p{number}@example.test")
    response = client.post("/privacy/request/", {**FORM, "email": "p9@example.test"})
    assert response.status_code == 429
    assert len(_requests(tenant_a)) == 5


def test_code_attempts_are_rate_limited_per_ip(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    # Many requests with fresh codes do not give unlimited guesses from one address.
    client = Client(HTTP_HOST=host_of(tenant_a))
    statuses = []
    for _ in range(11):
        statuses.append(client.post("/privacy/request/confirm/", {"code": "000000"}).status_code)
    # No pending request in this session: nothing is counted or checked.
    assert set(statuses) == {200}
    _file(client, django_capture_on_commit_callbacks)
    statuses = [
        client.post("/privacy/request/confirm/", {"code": "999999"}).status_code for _ in range(11)
    ]
    assert statuses[-1] == 429


def test_invalid_form_is_refused(tenant_a: Tenant) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    response = client.post("/privacy/request/", {**FORM, "email": "not-an-email", "kind": "x"})
    assert response.status_code == 400
    assert _requests(tenant_a) == []


@pytest.mark.parametrize("path", ["/privacy/request/confirm/", "/privacy/request/received/"])
def test_pages_without_a_pending_request_do_not_leak(path: str, tenant_a: Tenant) -> None:
    response = Client(HTTP_HOST=host_of(tenant_a)).get(path)
    assert response.status_code in (200, 302)


def test_filing_and_confirming_are_audited_without_values(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    _file(client, django_capture_on_commit_callbacks)
    _confirm(client, code_from_outbox(), django_capture_on_commit_callbacks)
    [dsr] = _requests(tenant_a)
    with tenant_context(tenant_a.pk):
        entries = list(
            AuditLog.objects.filter(object_type="dsr.datasubjectrequest", object_id=str(dsr.pk))
            .order_by("id")
            .values("action", "actor_role", "changed_fields")
        )
    assert [e["action"] for e in entries] == ["add", "change"]
    assert all(e["actor_role"] == "data_subject" for e in entries)
    assert "status" in entries[1]["changed_fields"]
    assert "seeker@acme.test" not in str(entries)

"""Settings → Data & Privacy pages: export, delete (re-authentication, summary, confirmation),
sign-in refused while the erasure is pending (with the way back), the status page's receipt."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.erasure import erasure_run
from privacy.models import DataExport, ErasureHold, ErasureRequest
from tests.conftest import TEST_PASSWORD, client_for, host_of

pytestmark = pytest.mark.django_db


def _reauthenticate(client: Client) -> None:
    assert client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD}).status_code == 302


def test_privacy_page_offers_export_and_delete_and_export_polls_without_reload(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(tenant_a, seeker_a)
    page = client.get("/settings/privacy/").content.decode()
    assert "Export my data" in page and "/privacy/delete/" in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/privacy/export/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in body and "Preparing your archive" in body
    with tenant_context(tenant_a.pk):
        assert DataExport.objects.filter(user=seeker_a).count() == 1


def test_delete_needs_reauthentication_and_the_typed_address_then_signs_out(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(tenant_a, seeker_a)
    first = client.get("/privacy/delete/")
    assert first.status_code == 302 and "/accounts/reauthenticate/" in first["Location"]
    _reauthenticate(client)
    page = client.get("/privacy/delete/").content.decode()
    assert "What is kept, and why" in page
    assert "Usage log of AI features" in page  # anonymised, with its legal basis
    wrong = client.post("/privacy/delete/", {"email": "someone@else.test"})
    assert "This is not the email address of your account." in wrong.content.decode()
    assert not ErasureHold.objects.filter(user=seeker_a).exists()

    with django_capture_on_commit_callbacks(execute=False):
        done = client.post("/privacy/delete/", {"email": seeker_a.email.upper()})
    with tenant_context(tenant_a.pk):
        request = ErasureRequest.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/privacy/erasure/{request.status_token}/"
    assert ErasureHold.objects.filter(user=seeker_a).exists()
    assert client.get("/dashboard/").status_code == 302  # signed out
    status = client.get(done["Location"]).content.decode()
    assert "will be erased on" in status and seeker_a.email not in status


def test_sign_in_is_refused_while_pending_and_keeping_the_account_restores_it(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    from privacy.services import erasure_request

    with django_capture_on_commit_callbacks(execute=False):
        erasure_request(user=seeker_a, tenant=tenant_a)
    client = Client(HTTP_HOST=host_of(tenant_a))
    login = {"login": seeker_a.email, "password": TEST_PASSWORD}
    refused = client.post("/accounts/login/", login)
    assert refused.status_code == 302 and refused["Location"] == "/privacy/account-closing/"
    assert client.get("/dashboard/").status_code == 302
    page = client.get("/privacy/account-closing/").content.decode()
    assert "Keep my account" in page
    assert Client(HTTP_HOST=host_of(tenant_a)).get("/privacy/account-closing/").status_code == 404

    kept = client.post("/privacy/account-closing/")
    assert kept.status_code == 302
    assert not ErasureHold.objects.filter(user=seeker_a).exists()
    with tenant_context(tenant_a.pk):
        assert ErasureRequest.objects.get().status == ErasureRequest.Status.CANCELLED
    signed_in = client.post("/accounts/login/", login)
    assert signed_in.status_code == 302 and signed_in["Location"] != "/privacy/account-closing/"
    assert client.get("/dashboard/").status_code == 200


def test_status_page_shows_the_receipt_when_the_erasure_is_done(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    from privacy.services import erasure_request

    with django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=seeker_a, tenant=tenant_a)
    erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)
    client = Client(HTTP_HOST=host_of(tenant_a))
    page = client.get(f"/privacy/erasure/{request.status_token}/").content.decode()
    assert "Erasure complete and verified." in page
    with tenant_context(tenant_a.pk):
        assert str(ErasureRequest.objects.get().receipt.receipt_id) in page
    assert seeker_a.email not in page


def test_with_mfa_the_second_factor_comes_before_the_keep_my_account_page(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    """A stolen password alone must not reach "Keep my account" (which would cancel the
    erasure): the account-closing stage runs after the second factor."""
    import time

    from allauth.mfa.totp.internal import auth as totp_auth

    from privacy.services import erasure_request

    secret = totp_auth.generate_totp_secret()
    totp_auth.TOTP.activate(seeker_a, secret)
    with django_capture_on_commit_callbacks(execute=False):
        erasure_request(user=seeker_a, tenant=tenant_a)
    client = Client(HTTP_HOST=host_of(tenant_a))
    step = client.post("/accounts/login/", {"login": seeker_a.email, "password": TEST_PASSWORD})
    assert step.status_code == 302 and step["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/privacy/account-closing/").status_code == 404
    code = totp_auth.format_hotp_value(totp_auth.hotp_value(secret, int(time.time()) // 30))
    done = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert done.status_code == 302 and done["Location"] == "/privacy/account-closing/"
    assert "Keep my account" in client.get("/privacy/account-closing/").content.decode()
    assert client.get("/dashboard/").status_code == 302  # still not signed in

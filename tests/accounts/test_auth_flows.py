"""allauth flows on tenant hosts: sign-up joins the host's tenant, mandatory verification, the
membership wall across tenants, enumeration-safe reset, password/email change, logout, and a
session that cannot be replayed on another tenant's host."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.core import mail
from django.test import Client

from accounts.models import Membership, Profile, Tenant, User
from accounts.services import tenant_create
from jobmentis.tenancy.context import tenant_context
from tests.conftest import TEST_PASSWORD, client_for, host_of

NEW_PASSWORD = "plum-orbit-castle-42"
LINK_RE = re.compile(r"https?://[^\s]+")


def _links(message: mail.EmailMessage) -> list[str]:
    return LINK_RE.findall(str(message.body))


def _sign_up(client: Client, email: str = "new@example.test") -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Nora New",
            "email": email,
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "accept_policies": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _login(client: Client, email: str, password: str = TEST_PASSWORD) -> Client:
    client.post("/accounts/login/", {"login": email, "password": password})
    return client


def _logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.fixture
def tenant_c(db: None) -> Tenant:
    """A second open tenant, to join from an existing account."""
    return tenant_create(name="Initech Jobs", slug="initech")


def test_signup_on_open_tenant_creates_user_membership_and_profile_there_only(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    _sign_up(Client(HTTP_HOST=host_of(tenant_a)))

    user = User.objects.get(email="new@example.test")
    with tenant_context(tenant_a.pk):
        membership = Membership.objects.get(user=user)
        assert membership.role == Membership.Role.MEMBER
        assert Profile.objects.get(user=user).full_name == "Nora New"
    with tenant_context(tenant_b.pk):
        assert not Membership.objects.filter(user=user).exists()
        assert not Profile.objects.filter(user=user).exists()


def test_signup_is_unverified_until_the_emailed_link_on_the_same_host_is_followed(
    tenant_a: Tenant,
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    _sign_up(client)
    user = User.objects.get(email="new@example.test")
    assert not EmailAddress.objects.get(user=user).verified
    assert _logged_in_user_id(client) is None

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.test"]
    [link] = [url for url in _links(mail.outbox[0]) if "/accounts/confirm-email/" in url]
    assert link.startswith(f"http://{host_of(tenant_a)}/accounts/confirm-email/")

    path = link.split(host_of(tenant_a), 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert _logged_in_user_id(client) == str(user.pk)


def test_login_is_blocked_until_the_email_is_verified(tenant_a: Tenant) -> None:
    _sign_up(Client(HTTP_HOST=host_of(tenant_a)))
    user = User.objects.get(email="new@example.test")

    client = _login(Client(HTTP_HOST=host_of(tenant_a)), "new@example.test")
    assert _logged_in_user_id(client) is None
    assert client.get("/dashboard/").status_code == 302

    EmailAddress.objects.filter(user=user).update(verified=True)
    client = _login(Client(HTTP_HOST=host_of(tenant_a)), "new@example.test")
    assert _logged_in_user_id(client) == str(user.pk)
    assert client.get("/dashboard/").status_code == 200


def test_signup_on_invite_only_tenant_is_closed(tenant_b: Tenant) -> None:
    client = Client(HTTP_HOST=host_of(tenant_b))
    assert b'name="password1"' not in client.get("/accounts/signup/").content
    client.post(
        "/accounts/signup/",
        {"email": "new@example.test", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assert not User.objects.filter(email="new@example.test").exists()
    assert mail.outbox == []


def test_member_of_a_logging_in_on_invite_only_tenant_is_refused(
    seeker_a: User, tenant_b: Tenant
) -> None:
    client = _login(Client(HTTP_HOST=host_of(tenant_b)), seeker_a.email)

    response = client.get("/dashboard/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain[-1][0] == "/join/"
    # Refusal does not grant anything: no membership was created in B.
    assert client.post("/join/").status_code == 403
    with tenant_context(tenant_b.pk):
        assert not Membership.objects.filter(user=seeker_a).exists()


def test_member_of_a_logging_in_on_open_tenant_gets_join_page_and_can_join(
    seeker_a: User, tenant_c: Tenant
) -> None:
    client = _login(Client(HTTP_HOST=host_of(tenant_c)), seeker_a.email)

    response = client.get("/dashboard/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/join/"
    with tenant_context(tenant_c.pk):
        assert not Membership.objects.filter(user=seeker_a).exists()

    response = client.post("/join/")
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    with tenant_context(tenant_c.pk):
        assert Membership.objects.get(user=seeker_a).role == Membership.Role.MEMBER
        assert Profile.objects.filter(user=seeker_a).exists()


def test_password_reset_response_is_the_same_for_known_and_unknown_emails(
    seeker_a: User, tenant_a: Tenant
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.test"})
    known = client.post("/accounts/password/reset/", {"email": seeker_a.email})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert [message.to for message in mail.outbox] == [[seeker_a.email]]
    [link] = [url for url in _links(mail.outbox[0]) if "/accounts/password/reset/key/" in url]
    assert link.startswith(f"http://{host_of(tenant_a)}/")


def test_password_reset_link_sets_a_new_password(seeker_a: User, tenant_a: Tenant) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.post("/accounts/password/reset/", {"email": seeker_a.email})
    [link] = [url for url in _links(mail.outbox[0]) if "/accounts/password/reset/key/" in url]

    # allauth swaps the key in the URL for a session-stored one, then shows the form.
    response = client.get(link.split(host_of(tenant_a), 1)[1], follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    seeker_a.refresh_from_db()
    assert seeker_a.check_password(NEW_PASSWORD)


def test_password_change_requires_the_old_password(seeker_a: User, tenant_a: Tenant) -> None:
    client = client_for(tenant_a, seeker_a)
    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    seeker_a.refresh_from_db()
    assert seeker_a.check_password(TEST_PASSWORD)

    assert mail.outbox == []

    right = client.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert right.status_code == 302
    seeker_a.refresh_from_db()
    assert seeker_a.check_password(NEW_PASSWORD)
    # The owner hears about it, in case it was not them.
    [notice] = mail.outbox
    assert notice.to == [seeker_a.email]
    assert "password" in notice.subject.lower()


def test_email_change_takes_effect_only_after_the_new_address_is_verified(
    seeker_a: User, tenant_a: Tenant
) -> None:
    client = client_for(tenant_a, seeker_a)
    response = client.post("/accounts/email/", {"action_add": "", "email": "ada.new@example.test"})
    assert response.status_code == 302
    seeker_a.refresh_from_db()
    assert seeker_a.email == "seeker@acme.test"
    assert [message.to for message in mail.outbox] == [["ada.new@example.test"]]

    [link] = [url for url in _links(mail.outbox[0]) if "/accounts/confirm-email/" in url]
    assert link.startswith(f"http://{host_of(tenant_a)}/")
    assert client.post(link.split(host_of(tenant_a), 1)[1]).status_code == 302

    seeker_a.refresh_from_db()
    assert seeker_a.email == "ada.new@example.test"
    assert EmailAddress.objects.get(user=seeker_a, primary=True).email == "ada.new@example.test"
    # ACCOUNT_CHANGE_EMAIL: the old address is replaced, not kept alongside, and is told so.
    assert not EmailAddress.objects.filter(email="seeker@acme.test").exists()
    assert [message.to for message in mail.outbox[1:]] == [["seeker@acme.test"]]


def test_logout_needs_a_post(seeker_a: User, tenant_a: Tenant) -> None:
    client = client_for(tenant_a, seeker_a)
    assert client.get("/accounts/logout/").status_code == 200
    assert _logged_in_user_id(client) == str(seeker_a.pk)

    assert client.post("/accounts/logout/").status_code == 302
    assert _logged_in_user_id(client) is None
    assert client.get("/dashboard/").status_code == 302


def test_session_from_tenant_a_replayed_on_tenant_b_host_is_not_accepted(
    seeker_a: User, seeker_b: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    client_a = _login(Client(HTTP_HOST=host_of(tenant_a)), seeker_a.email)
    assert client_a.get("/dashboard/").status_code == 200
    stolen = client_a.cookies["sessionid"].value

    client_b = Client(HTTP_HOST=host_of(tenant_b))
    client_b.cookies["sessionid"] = stolen
    response = client_b.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client_b.get("/dashboard/").status_code == 302
    # The replayed session is gone for good, on both hosts.
    assert client_a.get("/dashboard/").status_code == 302


def test_signup_with_a_taken_email_looks_like_any_signup_and_joins_nobody(
    seeker_b: User, tenant_a: Tenant
) -> None:
    fresh = Client(HTTP_HOST=host_of(tenant_a)).post(
        "/accounts/signup/",
        {
            "email": "fresh@example.test",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "accept_policies": "on",
        },
    )
    mail.outbox.clear()
    taken = Client(HTTP_HOST=host_of(tenant_a)).post(
        "/accounts/signup/",
        {
            "email": seeker_b.email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "accept_policies": "on",
        },
    )

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    # Only the address owner learns the account exists, and nothing is confirmable.
    assert [message.to for message in mail.outbox] == [[seeker_b.email]]
    assert "/accounts/confirm-email/" not in str(mail.outbox[0].body)
    seeker_b.refresh_from_db()
    assert seeker_b.check_password(TEST_PASSWORD)
    with tenant_context(tenant_a.pk):
        assert not Membership.objects.filter(user=seeker_b).exists()


def test_authenticator_activation_is_confirmed_by_mail_after_commit(
    seeker_a: User, tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    # allauth mails this notice from an on_commit hook, i.e. after the request's transaction
    # (TenantMiddleware) has ended and allauth's request context is gone.
    client = _login(Client(HTTP_HOST=host_of(tenant_a)), seeker_a.email)
    # MFA changes always ask for the password again, however fresh the sign-in.
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[totp_auth.SECRET_SESSION_KEY]
    if 30 - time.time() % 30 < 2:  # do not compute a code that expires before it is checked
        time.sleep(2)
    code = totp_auth.format_hotp_value(totp_auth.hotp_value(secret, int(time.time()) // 30))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302

    assert Authenticator.objects.filter(user=seeker_a, type=Authenticator.Type.TOTP).exists()
    [notice] = [m for m in mail.outbox if "authenticator" in m.subject.lower()]
    assert notice.to == [seeker_a.email]
    assert host_of(tenant_a) in str(notice.body)


def test_session_and_csrf_cookies_are_host_only(seeker_a: User, tenant_a: Tenant) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"login": seeker_a.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    # No Domain attribute: the browser sends the cookie to this exact host only, never to a
    # sibling tenant under the same parent domain.
    assert response.cookies["sessionid"]["domain"] == ""
    assert response.cookies["sessionid"]["httponly"]
    assert client.cookies["csrftoken"]["domain"] == ""

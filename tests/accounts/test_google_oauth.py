"""Google sign-in through allauth's real OAuth2 code and HTTP client, against a fake Google."""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings
from django.test import Client
from django.test.utils import override_settings

from accounts.models import Membership, Profile, Tenant, User
from jobmentis.tenancy.context import tenant_context
from tests.conftest import host_of
from tests.fakes.google_oauth import FakeGoogle, GoogleUser, fake_google_server, point_allauth_at

CLIENT_ID = "1234-fake.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-fake-secret"
ERROR_TEMPLATE = "socialaccount/authentication_error.html"


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    providers = {
        "google": {
            **django_settings.SOCIALACCOUNT_PROVIDERS["google"],
            "APPS": [{"client_id": CLIENT_ID, "secret": CLIENT_SECRET, "key": ""}],
        }
    }
    with (
        fake_google_server(client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as fake,
        override_settings(SOCIALACCOUNT_PROVIDERS=providers),
    ):
        point_allauth_at(fake, monkeypatch)
        yield fake


def _sign_in_with_google(client: Client, google: FakeGoogle) -> object:
    """Start at allauth (POST), consent at the fake Google, return to allauth's callback."""
    start = client.post("/accounts/google/login/", {"process": "login"})
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(google.authorize_url)
    params = parse_qs(urlsplit(authorize).query)
    assert params["client_id"] == [CLIENT_ID]
    assert params["redirect_uri"] == [
        f"http://{client.defaults['HTTP_HOST']}/accounts/google/login/callback/"
    ]

    callback = urlsplit(google.consent(authorize))
    assert callback.netloc == client.defaults["HTTP_HOST"]
    return client.get(f"{callback.path}?{callback.query}")


def test_google_sign_up_creates_verified_user_member_of_the_host_tenant(
    google: FakeGoogle, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    response = _sign_in_with_google(client, google)

    assert response.status_code == 302
    user = User.objects.get(email="grace@gmail.example")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user, provider="google").uid == google.user.sub
    with tenant_context(tenant_a.pk):
        assert Membership.objects.get(user=user).role == Membership.Role.MEMBER
        assert Profile.objects.filter(user=user).exists()
    with tenant_context(tenant_b.pk):
        assert not Membership.objects.filter(user=user).exists()
    assert client.get("/dashboard/").status_code == 200
    # The id_token from the token endpoint was enough; no userinfo round trip.
    assert google.requests == ["GET /o/oauth2/v2/auth", "POST /token"]


def test_google_profile_from_userinfo_when_no_id_token_is_returned(
    google: FakeGoogle, tenant_a: Tenant
) -> None:
    google.include_id_token = False
    client = Client(HTTP_HOST=host_of(tenant_a))
    assert _sign_in_with_google(client, google).status_code == 302

    user = User.objects.get(email="grace@gmail.example")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    assert "GET /oauth2/v2/userinfo" in google.requests


def test_google_login_connects_existing_user_with_that_verified_email(
    google: FakeGoogle, seeker_a: User, tenant_a: Tenant
) -> None:
    google.user = GoogleUser(email=seeker_a.email)
    users_before = User.objects.count()
    client = Client(HTTP_HOST=host_of(tenant_a))
    assert _sign_in_with_google(client, google).status_code == 302

    assert User.objects.count() == users_before
    assert client.session["_auth_user_id"] == str(seeker_a.pk)
    assert SocialAccount.objects.get(provider="google").user == seeker_a


@pytest.mark.parametrize(
    "break_google",
    [
        pytest.param(lambda g: setattr(g, "token_status", 500), id="token-endpoint-500"),
        pytest.param(lambda g: setattr(g, "client_secret", "rotated"), id="invalid-client"),
        pytest.param(lambda g: g._grants.clear(), id="invalid-grant"),
    ],
)
def test_google_provider_error_shows_allauth_error_page_and_creates_no_user(
    google: FakeGoogle, tenant_a: Tenant, break_google: object
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    start = client.post("/accounts/google/login/", {"process": "login"})
    callback = urlsplit(google.consent(start["Location"]))
    break_google(google)  # type: ignore[operator]

    response = client.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 401
    assert ERROR_TEMPLATE in [t.name for t in response.templates]
    assert not User.objects.filter(email="grace@gmail.example").exists()
    assert "_auth_user_id" not in client.session


def test_google_callback_with_forged_state_is_rejected(
    google: FakeGoogle, tenant_a: Tenant
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    start = client.post("/accounts/google/login/", {"process": "login"})
    callback = urlsplit(google.consent(start["Location"]))
    query = parse_qs(callback.query)

    response = client.get(callback.path, {"code": query["code"][0], "state": "forged"})
    assert ERROR_TEMPLATE in [t.name for t in response.templates]
    assert "POST /token" not in google.requests
    assert not User.objects.filter(email="grace@gmail.example").exists()


def test_google_sign_up_on_invite_only_tenant_is_closed(
    google: FakeGoogle, tenant_b: Tenant
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_b))
    response = _sign_in_with_google(client, google)

    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="grace@gmail.example").exists()
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]


def test_google_unverified_email_does_not_sign_into_the_account_with_that_email(
    google: FakeGoogle, seeker_a: User, tenant_a: Tenant
) -> None:
    google.user = GoogleUser(email=seeker_a.email, email_verified=False)
    client = Client(HTTP_HOST=host_of(tenant_a))
    _sign_in_with_google(client, google)

    assert client.session.get("_auth_user_id") != str(seeker_a.pk)
    assert not SocialAccount.objects.filter(user=seeker_a).exists()
    assert User.objects.filter(email__iexact=seeker_a.email).count() == 1


def test_google_login_is_404_when_google_is_not_configured(tenant_a: Tenant) -> None:
    providers = {"google": {**django_settings.SOCIALACCOUNT_PROVIDERS["google"], "APPS": []}}
    client = Client(HTTP_HOST=host_of(tenant_a))
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        assert client.post("/accounts/google/login/").status_code == 404
        assert client.get("/accounts/google/login/callback/?code=x&state=y").status_code == 404


@pytest.mark.parametrize("configured", [True, False])
def test_google_app_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, configured: bool
) -> None:
    if configured:
        monkeypatch.setenv("GOOGLE_OAUTH_CLIENT_ID", "env-id.apps.googleusercontent.com")
        monkeypatch.setenv("GOOGLE_OAUTH_CLIENT_SECRET", "env-secret")
    else:
        monkeypatch.delenv("GOOGLE_OAUTH_CLIENT_ID", raising=False)
    # Evaluate the settings module afresh, without touching the loaded settings.
    fresh = runpy.run_path(str(Path(django_settings.BASE_DIR) / "jobmentis/settings/base.py"))

    apps = fresh["SOCIALACCOUNT_PROVIDERS"]["google"]["APPS"]
    if configured:
        assert apps == [
            {"client_id": "env-id.apps.googleusercontent.com", "secret": "env-secret", "key": ""}
        ]
    else:
        assert apps == []

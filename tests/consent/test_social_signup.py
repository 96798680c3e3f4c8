"""Signing up with Google (no form) records acceptance too: the button says it does."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.test.utils import override_settings

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent.models import ConsentRecord, Purpose, Source
from tests.conftest import host_of
from tests.fakes.google_oauth import FakeGoogle, fake_google_server, point_allauth_at

pytestmark = pytest.mark.django_db

CLIENT_ID = "1234-fake.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-fake-secret"


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


def test_google_sign_up_records_acceptance_announced_next_to_the_button(
    google: FakeGoogle, tenant_a: Tenant
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    page = client.get("/accounts/signup/").content.decode()
    assert "By continuing with a provider you accept" in page
    start = client.post("/accounts/google/login/", {"process": "login"})
    callback = urlsplit(google.consent(start["Location"]))
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    user = User.objects.get(email="grace@gmail.example")
    with tenant_context(tenant_a.pk):
        purposes = set(
            ConsentRecord.objects.filter(user=user, source=Source.SIGNUP).values_list(
                "purpose", flat=True
            )
        )
    assert purposes == {Purpose.PRIVACY_POLICY, Purpose.TERMS}

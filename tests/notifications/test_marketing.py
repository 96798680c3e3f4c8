"""Newsletter: double opt-in by a signed link, Brevo list sync (real HTTP against a fake Brevo),
staff campaigns (one email each, List-Unsubscribe headers), one-click unsubscribe without login."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from notifications.models import MarketingSettings, MarketingSubscription
from notifications.services import campaign_create, marketing_sync_subscription
from tests.conftest import client_for
from tests.fakes.email_providers import FakeEmailProviders

pytestmark = pytest.mark.django_db

LIST_ID = 7


@pytest.fixture
def brevo_list(tenant_a: Tenant, outbox_settings: Any) -> None:
    # Mail stays on locmem here (read synchronously); Brevo contacts go to the fake.
    outbox_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with tenant_context(tenant_a.pk):
        MarketingSettings.objects.create(brevo_list_id=LIST_ID)


def _subscription(tenant: Tenant, email: str = "seeker@acme.test") -> MarketingSubscription:
    with tenant_context(tenant.pk):
        return MarketingSubscription.objects.get(user__email=email)


def _opt_in(client: Any, capture: Any) -> str:
    with capture(execute=True):
        response = client.post("/settings/notifications/", {"form": "newsletter", "subscribe": "1"})
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if "Confirm" in m.subject]
    match = re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body)
    assert match is not None
    return match.group(0)


def test_double_opt_in_then_brevo_sync(
    seeker_a: User,
    tenant_a: Tenant,
    brevo_list: None,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(tenant_a, seeker_a)
    link = _opt_in(client, django_capture_on_commit_callbacks)
    assert _subscription(tenant_a).status == MarketingSubscription.Status.PENDING
    assert fake_email_providers.contacts == {}  # not before confirmation
    assert "Waiting for confirmation" in client.get("/settings/notifications/").content.decode()

    path = link.split("localhost", 1)[1].split("/", 1)[1]
    anonymous = client_for(tenant_a)  # the link works from any browser
    assert "Yes, subscribe me" in anonymous.get(f"/{path}").content.decode()
    assert _subscription(tenant_a).status == MarketingSubscription.Status.PENDING  # GET: no
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = anonymous.post(f"/{path}")
    assert confirmed.status_code == 200 and "You are subscribed" in confirmed.content.decode()
    subscription = _subscription(tenant_a)
    assert subscription.status == MarketingSubscription.Status.ACTIVE
    assert subscription.confirmed_at is not None and subscription.policy_version
    assert fake_email_providers.contacts["seeker@acme.test"]["listIds"] == [LIST_ID]
    assert subscription.synced_at is not None

    # Withdrawal from settings takes them off the list.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/settings/notifications/", {"form": "newsletter", "subscribe": "0"})
    assert _subscription(tenant_a).status == MarketingSubscription.Status.WITHDRAWN
    assert fake_email_providers.contacts["seeker@acme.test"]["listIds"] == []

    # The consent ledger holds the proof: the confirmation (from the emailed link) and the
    # withdrawal (from settings), each tied to the privacy policy in force; nothing for the
    # unconfirmed request.
    from privacy.consent.models import ConsentRecord

    with tenant_context(tenant_a.pk):
        ledger = list(
            ConsentRecord.objects.filter(user=seeker_a, purpose="newsletter")
            .order_by("id")
            .values_list("granted", "source", "policy_version__kind")
        )
    assert ledger == [(True, "email_link", "privacy"), (False, "settings", "privacy")]


def test_forged_or_foreign_confirmation_link_is_refused(
    seeker_a: User, tenant_a: Tenant, tenant_b: Tenant, brevo_list: None
) -> None:
    client = client_for(tenant_a, seeker_a)
    link = _opt_in(client, lambda execute: _noop())
    path = "/" + link.split("localhost", 1)[1].split("/", 1)[1]
    assert client_for(tenant_a).post(path[:-3] + "xx/").status_code == 400
    assert client_for(tenant_b).post(path).status_code == 400  # other tenant's host
    assert _subscription(tenant_a).status == MarketingSubscription.Status.PENDING


class _noop:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: Any) -> None:
        return None


def _activate(user: User, tenant: Tenant) -> None:
    from django.utils import timezone

    with tenant_context(tenant.pk):
        MarketingSubscription.objects.create(
            user=user,
            status=MarketingSubscription.Status.ACTIVE,
            policy_version="2026-11",
            confirmed_at=timezone.now(),
        )


def test_campaign_goes_to_confirmed_subscribers_only_with_one_click_unsubscribe(
    seeker_a: User,
    admin_a: User,
    tenant_a: Tenant,
    seeker_b: User,
    tenant_b: Tenant,
    brevo_list: None,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _activate(seeker_a, tenant_a)
    _activate(seeker_b, tenant_b)  # another tenant's subscriber
    with tenant_context(tenant_a.pk):  # pending: never confirmed
        MarketingSubscription.objects.create(
            user=admin_a, status=MarketingSubscription.Status.PENDING, policy_version="x"
        )
    with django_capture_on_commit_callbacks(execute=True):
        campaign_create(tenant=tenant_a, subject="Tips for May", body="Hello!", created_by=None)
    [message] = mail.outbox
    assert message.to == ["seeker@acme.test"]
    assert message.subject == "Tips for May"
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.search(r"<(https?://[^>]+/u/[^>]+/)>", header)
    assert url is not None and "mailto:" in header
    assert url.group(1) in message.body  # the visible link too

    # One-click: a POST with no session and no CSRF token (RFC 8058).
    path = "/" + url.group(1).split("localhost", 1)[1].split("/", 1)[1]
    one_click = client_for(tenant_a)
    one_click.handler.enforce_csrf_checks = True
    with django_capture_on_commit_callbacks(execute=True):
        response = one_click.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _subscription(tenant_a).status == MarketingSubscription.Status.WITHDRAWN
    assert _subscription(tenant_a).source == "one_click_unsubscribe"


def test_unsubscribe_page_asks_before_acting_and_rejects_forged_tokens(
    seeker_a: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    from notifications.services import unsubscribe_token_make

    _activate(seeker_a, tenant_a)
    token = unsubscribe_token_make(tenant_id=tenant_a.pk, user_id=seeker_a.pk)
    page = client_for(tenant_a).get(f"/u/{token}/")
    assert page.status_code == 200 and "Unsubscribe from the newsletter?" in page.content.decode()
    assert _subscription(tenant_a).status == MarketingSubscription.Status.ACTIVE
    assert client_for(tenant_a).post(f"/u/{token[:-2]}zz/").status_code == 400
    assert client_for(tenant_b).post(f"/u/{token}/").status_code == 400
    assert _subscription(tenant_a).status == MarketingSubscription.Status.ACTIVE


def test_brevo_outage_raises_for_retry(
    seeker_a: User,
    tenant_a: Tenant,
    brevo_list: None,
    fake_email_providers: FakeEmailProviders,
) -> None:
    from notifications.brevo import BrevoError

    _activate(seeker_a, tenant_a)
    fake_email_providers.outage = True
    with tenant_context(tenant_a.pk), pytest.raises(BrevoError):
        marketing_sync_subscription(subscription_id=_subscription(tenant_a).pk)


@pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])
def test_erasure_hook_withdraws_everywhere(
    seeker_a: User,
    tenant_a: Tenant,
    brevo_list: None,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from notifications.privacy_manifest import marketing_suspend_hook

    _activate(seeker_a, tenant_a)
    fake_email_providers.contacts["seeker@acme.test"] = {"listIds": [LIST_ID], "attributes": {}}
    with django_capture_on_commit_callbacks(execute=True):
        marketing_suspend_hook(seeker_a.pk)
    assert _subscription(tenant_a).status == MarketingSubscription.Status.WITHDRAWN
    assert fake_email_providers.contacts["seeker@acme.test"]["listIds"] == []

"""Provider webhooks through anymail's real views: authenticated (basic auth; Resend's Svix
signature), forged requests refused; bounces and complaints suppress further sends and show
to the user and staff; deliveries/opens are not stored without marketing-analytics consent."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.mail import send_mail
from django.test import Client
from svix.webhooks import Webhook

from accounts.models import Tenant, User
from jobmentis.email.models import DeliveryEvent, OutboxMessage, Suppression
from jobmentis.email.suppression import address_hash
from jobmentis.tenancy.context import tenant_context
from tests.conftest import client_for
from tests.fakes.email_providers import FakeEmailProviders

pytestmark = pytest.mark.django_db

BREVO_HOOK = "/webhooks/email/brevo/tracking/"
RESEND_HOOK = "/webhooks/email/resend/tracking/"


def _basic(user_password: str) -> str:
    return "Basic " + base64.b64encode(user_password.encode()).decode()


def _platform() -> Client:
    return Client(HTTP_HOST="localhost")


def _sent_message(tenant: Tenant, capture: Any, to: str = "seeker@acme.test") -> OutboxMessage:
    with capture(execute=True), tenant_context(tenant.pk):
        send_mail("Hi", "Body", None, [to])
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.SENT
    return row


def _brevo_event(event: str, row: OutboxMessage, email: str = "seeker@acme.test") -> str:
    return json.dumps(
        {
            "event": event,
            "email": email,
            "message-id": row.provider_message_id,
            "ts_epoch": int(time.time() * 1000),
            "reason": "550 mailbox does not exist",
        }
    )


def test_brevo_hard_bounce_suppresses_the_address_and_shows_it(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
    seeker_a: User,
    tenant_a: Tenant,
) -> None:
    row = _sent_message(tenant_a, django_capture_on_commit_callbacks)
    response = _platform().post(
        BREVO_HOOK,
        _brevo_event("hard_bounce", row),
        content_type="application/json",
        HTTP_AUTHORIZATION=_basic("hook:s3cret"),
    )
    assert response.status_code == 200
    [entry] = Suppression.objects.all()
    assert entry.address_hash == address_hash("seeker@acme.test")
    assert entry.workspace_id is None  # a dead mailbox is dead for every tenant
    assert entry.reason == Suppression.Reason.BOUNCED
    assert DeliveryEvent.objects.get().event_type == "bounced"

    # The next send to that address is suppressed, not delivered.
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a.pk):
        send_mail("Again", "Body", None, ["seeker@acme.test"])
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SUPPRESSED
    assert len(fake_email_providers.sent("brevo")) == 1

    # The user sees it in Settings.
    page = client_for(tenant_a, seeker_a).get("/settings/notifications/").content.decode()
    assert "Emails to seeker@acme.test bounce" in page


def test_complaint_suppresses_for_the_sending_tenant_only(
    outbox_settings: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
    tenant_a: Tenant,
) -> None:
    row = _sent_message(tenant_a, django_capture_on_commit_callbacks)
    _platform().post(
        BREVO_HOOK,
        _brevo_event("spam", row),
        content_type="application/json",
        HTTP_AUTHORIZATION=_basic("hook:s3cret"),
    )
    assert Suppression.objects.get().workspace_id == tenant_a.pk


@pytest.mark.parametrize("auth", [None, _basic("hook:wrong"), _basic("other:s3cret")])
def test_forged_brevo_webhook_is_refused(
    auth: str | None,
    outbox_settings: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
    tenant_a: Tenant,
) -> None:
    row = _sent_message(tenant_a, django_capture_on_commit_callbacks)
    extra = {"HTTP_AUTHORIZATION": auth} if auth else {}
    response = _platform().post(
        BREVO_HOOK, _brevo_event("hard_bounce", row), content_type="application/json", **extra
    )
    assert response.status_code in (400, 401, 403)
    assert not Suppression.objects.exists()


def test_delivered_and_opened_are_not_stored_without_analytics_consent(
    outbox_settings: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
    tenant_a: Tenant,
) -> None:
    row = _sent_message(tenant_a, django_capture_on_commit_callbacks)
    for event in ("delivered", "unique_opened", "click"):
        response = _platform().post(
            BREVO_HOOK,
            _brevo_event(event, row),
            content_type="application/json",
            HTTP_AUTHORIZATION=_basic("hook:s3cret"),
        )
        assert response.status_code == 200
    assert not DeliveryEvent.objects.exists()
    assert not Suppression.objects.exists()


def _svix_headers(secret: str, body: str) -> dict[str, str]:
    msg_id = "msg_test123"
    now = datetime.now(tz=UTC)
    signature = Webhook(secret).sign(msg_id, now, body)
    return {
        "HTTP_SVIX_ID": msg_id,
        "HTTP_SVIX_TIMESTAMP": str(int(now.timestamp())),
        "HTTP_SVIX_SIGNATURE": signature,
    }


def _resend_bounce(row: OutboxMessage) -> str:
    return json.dumps(
        {
            "type": "email.bounced",
            "created_at": "2026-11-25T10:00:00.000Z",
            "data": {
                "email_id": row.provider_message_id,
                "to": ["seeker@acme.test"],
                "from": "no-reply@jm.test",
                "subject": "Hi",
                "bounce": {"message": "The recipient's email provider sent a hard bounce message"},
            },
        }
    )


def test_resend_webhook_with_valid_signature_is_accepted_forged_one_refused(
    outbox_settings: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
    tenant_a: Tenant,
) -> None:
    outbox_settings.EMAIL_DELIVERY_BACKEND = "anymail.backends.resend.EmailBackend"
    row = _sent_message(tenant_a, django_capture_on_commit_callbacks)
    body = _resend_bounce(row)
    secret = outbox_settings.ANYMAIL["RESEND_SIGNING_SECRET"]
    auth = {"HTTP_AUTHORIZATION": _basic("hook:s3cret")}

    forged = _svix_headers(
        "whsec_" + base64.b64encode(b"not-the-secret-32-bytes-long!!").decode(), body
    )
    response = _platform().post(
        RESEND_HOOK, body, content_type="application/json", **forged, **auth
    )
    assert response.status_code in (400, 401, 403)
    assert not Suppression.objects.exists()

    valid = _svix_headers(secret, body)
    response = _platform().post(RESEND_HOOK, body, content_type="application/json", **valid, **auth)
    assert response.status_code == 200
    assert Suppression.objects.get().address_hash == address_hash("seeker@acme.test")


def test_webhook_without_configured_secret_is_refused(settings: Any) -> None:
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    response = _platform().post(
        BREVO_HOOK,
        json.dumps({"event": "hard_bounce", "email": "x@example.com"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Suppression.objects.exists()


def test_webhooks_are_not_served_on_tenant_hosts(tenant_a: Tenant) -> None:
    response = client_for(tenant_a).post(BREVO_HOOK, "{}", content_type="application/json")
    assert response.status_code == 404


def test_complaint_stops_marketing_but_not_transactional_mail(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
    seeker_a: User,
    tenant_a: Tenant,
) -> None:
    from django.core.mail import EmailMessage
    from django.utils import timezone

    from notifications.models import MarketingSubscription

    with tenant_context(tenant_a.pk):
        MarketingSubscription.objects.create(
            user=seeker_a,
            status=MarketingSubscription.Status.ACTIVE,
            policy_version="v",
            confirmed_at=timezone.now(),
        )
    row = _sent_message(tenant_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _platform().post(
            BREVO_HOOK,
            _brevo_event("spam", row),
            content_type="application/json",
            HTTP_AUTHORIZATION=_basic("hook:s3cret"),
        )
    with tenant_context(tenant_a.pk):
        subscription = MarketingSubscription.objects.get()
    assert subscription.status == MarketingSubscription.Status.WITHDRAWN
    assert subscription.source == "provider_complained"

    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a.pk):
        send_mail("Password reset", "Body", None, ["seeker@acme.test"])
        EmailMessage(
            "News", "Body", None, ["seeker@acme.test"], headers={"List-Unsubscribe": "<x>"}
        ).send()
    statuses = dict(OutboxMessage.objects.values_list("subject", "status"))
    assert statuses == {"Password reset": "sent", "News": "suppressed"}
    # No bounce banner for a complaint: the mailbox works.
    page = client_for(tenant_a, seeker_a).get("/settings/notifications/").content.decode()
    assert "bounce" not in page

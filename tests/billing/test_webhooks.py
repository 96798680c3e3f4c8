"""Stripe webhooks through the real view and SDK: signatures, idempotency, out-of-order
delivery, and the state derived from the re-fetched subscription (fake Stripe server)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Tenant, User
from billing.entitlements import entitlement_remaining
from billing.models import Plan, StripeEvent, Subscription
from billing.selectors import plan_for_user
from jobmentis.tenancy.context import tenant_context
from tests.billing.conftest import PRO_MONTHLY
from tests.conftest import client_for
from tests.fakes import stripe as fake
from tests.fakes.stripe import FakeStripe

URL = "/billing/webhooks/stripe/"


def post_event(
    tenant: Tenant,
    payload: dict[str, Any] | str,
    *,
    signature: str | None = None,
    capture: Any = None,
) -> Any:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    headers = {} if signature == "" else {"Stripe-Signature": signature or fake.sign(body)}
    client = client_for(tenant)
    if capture is None:
        return client.post(URL, data=body, content_type="application/json", headers=headers)
    with capture(execute=True):
        return client.post(URL, data=body, content_type="application/json", headers=headers)


def metadata_for(tenant: Tenant, user: User) -> dict[str, str]:
    return {"tenant_id": str(tenant.pk), "user_id": str(user.pk)}


def checkout(fake_stripe: FakeStripe, tenant: Tenant, user: User, **kw: Any) -> dict[str, Any]:
    customer = fake_stripe.customer_add(email=user.email)
    return fake_stripe.subscription_set(
        customer=customer, price=PRO_MONTHLY, metadata=metadata_for(tenant, user), **kw
    )


@pytest.fixture
def paid(
    fake_stripe: FakeStripe,
    tenant_a: Tenant,
    seeker_a: User,
    pro_a: Plan,
    event_tasks: Any,
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    subscription = checkout(fake_stripe, tenant_a, seeker_a)
    response = post_event(
        tenant_a,
        fake.checkout_completed(
            subscription=subscription, metadata=metadata_for(tenant_a, seeker_a)
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert response.json() == {"status": "queued"}
    return subscription


def _subscription(tenant: Tenant, user: User) -> Subscription:
    with tenant_context(tenant.pk):
        return Subscription.objects.select_related("plan").get(user=user)


def test_checkout_completion_upgrades_the_plan_from_the_refetched_subscription(
    paid: dict[str, Any], tenant_a: Tenant, seeker_a: User, fake_stripe: FakeStripe
) -> None:
    subscription = _subscription(tenant_a, seeker_a)
    assert subscription.plan.name == "Pro"
    assert subscription.status == "active"
    assert subscription.stripe_subscription_id == paid["id"]
    assert subscription.stripe_customer_id == paid["customer"]
    assert subscription.interval == "month"
    item = paid["items"]["data"][0]
    assert subscription.current_period_end.timestamp() == item["current_period_end"]
    assert fake_stripe.calls("GET", f"/v1/subscriptions/{paid['id']}")
    with tenant_context(tenant_a.pk):
        assert (
            entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cv_optimisation") == 50
        )
        event = StripeEvent.objects.get()
    assert event.status == "processed"
    assert event.amount == 900


@pytest.mark.parametrize(
    "signature",
    [
        "",  # unsigned
        "t=1,v1=deadbeef",  # wrongly signed
        "wrong-secret",
        "stale",
    ],
)
def test_unsigned_wrongly_signed_and_stale_webhooks_are_refused(
    signature: str,
    fake_stripe: FakeStripe,
    tenant_a: Tenant,
    seeker_a: User,
    pro_a: Plan,
    event_tasks: list[dict[str, Any]],
) -> None:
    subscription = checkout(fake_stripe, tenant_a, seeker_a)
    body = json.dumps(
        fake.checkout_completed(
            subscription=subscription, metadata=metadata_for(tenant_a, seeker_a)
        )
    )
    if signature == "wrong-secret":
        signature = fake.sign(body, secret="whsec_someone_else")
    elif signature == "stale":
        signature = fake.sign(body, timestamp=int(time.time()) - 3600)
    response = post_event(tenant_a, body, signature=signature)
    assert response.status_code == 400
    with tenant_context(tenant_a.pk):
        assert not StripeEvent.objects.exists()
    assert event_tasks == []


def test_a_tampered_body_fails_the_signature(
    fake_stripe: FakeStripe, tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    subscription = checkout(fake_stripe, tenant_a, seeker_a)
    body = json.dumps(
        fake.checkout_completed(
            subscription=subscription, metadata=metadata_for(tenant_a, seeker_a)
        )
    )
    signature = fake.sign(body)
    response = post_event(tenant_a, body.replace('"paid"', '"free"'), signature=signature)
    assert response.status_code == 400


def test_duplicate_delivery_is_acknowledged_and_processed_once(
    paid: dict[str, Any],
    tenant_a: Tenant,
    seeker_a: User,
    event_tasks: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    event = fake.subscription_event("customer.subscription.updated", paid)
    first = post_event(tenant_a, event, capture=django_capture_on_commit_callbacks)
    again = post_event(tenant_a, event, capture=django_capture_on_commit_callbacks)
    assert first.json() == {"status": "queued"}
    assert again.status_code == 200 and again.json() == {"status": "duplicate"}
    assert len(event_tasks) == 2  # the checkout, then this event once
    with tenant_context(tenant_a.pk):
        assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1


def test_out_of_order_delivery_ends_in_stripes_current_state(
    paid: dict[str, Any],
    fake_stripe: FakeStripe,
    tenant_a: Tenant,
    seeker_a: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    stale_update = fake.subscription_event("customer.subscription.updated", paid)
    # Stripe now says: cancelled. The deletion arrives first, the older update after it.
    cancelled = fake_stripe.subscription_set(
        subscription_id=paid["id"],
        customer=paid["customer"],
        price=PRO_MONTHLY,
        status="canceled",
        metadata=paid["metadata"],
    )
    post_event(
        tenant_a,
        fake.subscription_event("customer.subscription.deleted", cancelled),
        capture=django_capture_on_commit_callbacks,
    )
    post_event(tenant_a, stale_update, capture=django_capture_on_commit_callbacks)
    subscription = _subscription(tenant_a, seeker_a)
    assert subscription.status == "canceled"
    with tenant_context(tenant_a.pk):
        assert plan_for_user(user=seeker_a).is_default


def test_failed_invoice_marks_past_due_with_grace_then_downgrades(
    paid: dict[str, Any],
    fake_stripe: FakeStripe,
    tenant_a: Tenant,
    seeker_a: User,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.BILLING_GRACE_DAYS = 3
    past_due = fake_stripe.subscription_set(
        subscription_id=paid["id"],
        customer=paid["customer"],
        price=PRO_MONTHLY,
        status="past_due",
        metadata=paid["metadata"],
    )
    post_event(
        tenant_a,
        fake.invoice_event("invoice.payment_failed", past_due, paid=False),
        capture=django_capture_on_commit_callbacks,
    )
    subscription = _subscription(tenant_a, seeker_a)
    assert subscription.status == "past_due"
    assert subscription.past_due_since is not None
    # The user is told once, in the notification centre and by email.
    from django.core import mail

    from notifications.models import Notification

    with tenant_context(tenant_a.pk):
        [notice] = Notification.objects.filter(user=seeker_a, kind="payment_failed")
    assert notice.title == "Your payment failed"
    assert notice.url == "/billing/"
    [email] = [m for m in mail.outbox if m.to == [seeker_a.email]]
    assert "Pro" in str(email.body) and "/billing/" in str(email.body)
    post_event(
        tenant_a,
        fake.invoice_event("invoice.payment_failed", past_due, paid=False),
        capture=django_capture_on_commit_callbacks,
    )
    with tenant_context(tenant_a.pk):  # a second failed attempt while past due: no new notice
        assert Notification.objects.filter(user=seeker_a, kind="payment_failed").count() == 1
    with tenant_context(tenant_a.pk):
        assert plan_for_user(user=seeker_a).name == "Pro"  # still in grace
        Subscription.objects.filter(pk=subscription.pk).update(
            past_due_since=timezone.now() - timezone.timedelta(days=4)
        )
        assert plan_for_user(user=seeker_a).is_default  # grace over

    page = client_for(tenant_a, seeker_a).get("/dashboard/")
    assert b"past-due-banner" in page.content

    fake_stripe.subscription_set(
        subscription_id=paid["id"],
        customer=paid["customer"],
        price=PRO_MONTHLY,
        status="active",
        metadata=paid["metadata"],
    )
    post_event(
        tenant_a,
        fake.invoice_event("invoice.paid", past_due, paid=True),
        capture=django_capture_on_commit_callbacks,
    )
    subscription = _subscription(tenant_a, seeker_a)
    assert subscription.status == "active" and subscription.past_due_since is None
    page = client_for(tenant_a, seeker_a).get("/dashboard/")
    assert b"past-due-banner" not in page.content


def test_events_of_another_tenant_are_acknowledged_but_not_stored(
    fake_stripe: FakeStripe,
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    seeker_b: User,
    pro_a: Plan,
) -> None:
    subscription = checkout(fake_stripe, tenant_b, seeker_b)
    response = post_event(
        tenant_a,
        fake.checkout_completed(
            subscription=subscription, metadata=metadata_for(tenant_b, seeker_b)
        ),
    )
    assert response.json() == {"status": "other tenant"}
    with tenant_context(tenant_a.pk):
        assert not StripeEvent.objects.exists()


def test_webhook_without_configured_secret_is_not_found(tenant_a: Tenant, settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = ""
    response = post_event(tenant_a, "{}", signature="t=1,v1=00")
    assert response.status_code == 404


def test_gateway_outage_leaves_the_event_for_a_retry(
    fake_stripe: FakeStripe,
    tenant_a: Tenant,
    seeker_a: User,
    pro_a: Plan,
    event_tasks: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from celery.exceptions import Retry

    subscription = checkout(fake_stripe, tenant_a, seeker_a)
    fake_stripe.fail_next = 10  # more than the SDK's retries
    with pytest.raises(Retry):  # the task is retried with backoff (eager mode raises it)
        post_event(
            tenant_a,
            fake.checkout_completed(
                subscription=subscription, metadata=metadata_for(tenant_a, seeker_a)
            ),
            capture=django_capture_on_commit_callbacks,
        )
    with tenant_context(tenant_a.pk):
        event = StripeEvent.objects.get()
        assert event.status == "received"
        assert not Subscription.objects.exists()

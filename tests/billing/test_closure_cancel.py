"""Closing an account (erasure requested) stops its billing at once: the erasure's suspend hook
queues a retried task per subscription, which cancels it in Stripe (real SDK, fake server)."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Tenant, User
from billing.models import Subscription
from billing.services import subscription_cancel_for_closure
from billing.stripe_gateway import StripeGatewayError
from billing.tasks import subscription_cancel_for_closure_task
from jobmentis.tenancy.context import tenant_context
from privacy.services import erasure_request, erasure_suspend
from tests.billing.conftest import free_plan_for, pro_plan_for
from tests.fakes.stripe import FakeStripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(
        subscription_cancel_for_closure_task,
        "apply_async",
        lambda kwargs, **options: sent.append(kwargs),
    )
    return sent


def _paying(user: User, tenant: Tenant, fake: FakeStripe) -> Subscription:
    customer = fake.customer_add(email=user.email)
    remote = fake.subscription_set(customer=customer, price="price_pro_month")
    with tenant_context(tenant.pk):
        Subscription.objects.filter(user=user).delete()
        return Subscription.objects.create(
            user=user,
            plan=pro_plan_for(tenant),
            source=Subscription.Source.STRIPE,
            status=Subscription.Status.ACTIVE,
            stripe_customer_id=customer,
            stripe_subscription_id=remote["id"],
        )


def test_closing_the_account_cancels_the_stripe_subscription_once(
    tenant_a: Tenant,
    seeker_a: User,
    fake_stripe: FakeStripe,
    queued: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscription = _paying(seeker_a, tenant_a, fake_stripe)
    with django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=seeker_a, tenant=tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        erasure_suspend(request_id=request.pk, tenant_id=tenant_a.pk)
    assert queued == [{"tenant_id": tenant_a.pk, "subscription_id": subscription.pk}]

    for kwargs in queued * 2:  # a redelivered task changes nothing
        subscription_cancel_for_closure_task.apply(kwargs=kwargs, throw=True)
    assert fake_stripe.subscriptions[subscription.stripe_subscription_id]["status"] == "canceled"
    assert len(fake_stripe.calls("DELETE", "/v1/subscriptions/")) == 1
    with tenant_context(tenant_a.pk):
        subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELED


def test_stripe_outage_raises_for_the_retry_and_keeps_the_subscription(
    tenant_a: Tenant, seeker_a: User, fake_stripe: FakeStripe
) -> None:
    subscription = _paying(seeker_a, tenant_a, fake_stripe)
    fake_stripe.fail_next = 10  # more than the SDK's own network retries
    with tenant_context(tenant_a.pk), pytest.raises(StripeGatewayError):
        subscription_cancel_for_closure(subscription_id=subscription.pk)
    with tenant_context(tenant_a.pk):
        subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    fake_stripe.fail_next = 0
    with tenant_context(tenant_a.pk):
        assert subscription_cancel_for_closure(subscription_id=subscription.pk) is True
        subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELED


def test_already_cancelled_at_stripe_counts_as_done(
    tenant_a: Tenant, seeker_a: User, fake_stripe: FakeStripe
) -> None:
    subscription = _paying(seeker_a, tenant_a, fake_stripe)
    fake_stripe.subscriptions[subscription.stripe_subscription_id]["status"] = "canceled"
    with tenant_context(tenant_a.pk):
        assert subscription_cancel_for_closure(subscription_id=subscription.pk) is True
        subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELED


def test_a_plan_assigned_by_an_admin_is_ended_without_calling_stripe(
    tenant_a: Tenant, seeker_a: User, fake_stripe: FakeStripe
) -> None:
    with tenant_context(tenant_a.pk):
        subscription = Subscription.objects.filter(user=seeker_a).first() or (
            Subscription.objects.create(user=seeker_a, plan=free_plan_for(tenant_a))
        )
        assert subscription_cancel_for_closure(subscription_id=subscription.pk) is False
        subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELED
    assert fake_stripe.calls("DELETE", "/v1/subscriptions/") == []

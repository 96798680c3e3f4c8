"""Writes for billing: default plans, admin-assigned plans, Stripe checkout/portal, and the
subscription state derived from Stripe (webhooks call `subscription_sync_from_stripe`)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import Membership, Tenant, User
from billing import stripe_gateway
from billing.models import Plan, Subscription
from billing.selectors import (
    FREE_PLAN_DEFAULTS,
    plan_for_price,
    stripe_credentials,
    subscription_for_stripe,
    subscription_for_user,
)
from billing.stripe_gateway import StripeCredentials, StripeNotConfigured, SubscriptionSnapshot
from jobmentis.tenancy.context import require_tenant_id, tenant_context

logger = logging.getLogger(__name__)


class BillingError(Exception):
    """A billing action that cannot be done; the message is shown to the user."""


def plan_ensure_default(*, tenant: Tenant) -> Plan:
    """Every tenant has a free plan (called when a tenant is created; idempotent)."""
    with tenant_context(tenant.pk):
        plan = Plan.objects.filter(is_default=True).first()
        if plan is None:
            plan = Plan.objects.create(
                name="Free",
                description="Get started: a few AI optimisations every month.",
                is_default=True,
                sort_order=0,
                **FREE_PLAN_DEFAULTS,
            )
        return plan


@transaction.atomic
def plan_assign(*, user: User, plan: Plan) -> Subscription:
    """A tenant admin puts a user on a plan by hand (works without Stripe). A live Stripe
    subscription is not touched here: cancel it in the Stripe dashboard or the user's portal."""
    if not Membership.objects.filter(user=user).exists():
        raise BillingError(_("Only members of this tenant can be given a plan."))
    subscription = Subscription.objects.select_for_update().filter(user=user).first()
    if subscription is None:
        subscription = Subscription(user=user)
    if subscription.source == Subscription.Source.STRIPE and subscription.status in (
        Subscription.Status.ACTIVE,
        Subscription.Status.TRIALING,
        Subscription.Status.PAST_DUE,
    ):
        raise BillingError(_("This user pays through Stripe; change their plan there."))
    subscription.plan = plan
    subscription.source = Subscription.Source.ADMIN
    subscription.status = Subscription.Status.ACTIVE
    subscription.cancel_at_period_end = False
    subscription.past_due_since = None
    subscription.current_period_start = None
    subscription.current_period_end = None
    subscription.save()
    return subscription


def _credentials() -> StripeCredentials:
    credentials = stripe_credentials()
    if credentials is None:
        raise StripeNotConfigured
    return credentials


def checkout_start(
    *, user: User, plan: Plan, interval: str, success_url: str, cancel_url: str
) -> str:
    """Open a Stripe Checkout Session for `plan` and return its URL. The trial applies to a
    user's first subscription only; promotion codes are accepted on the Stripe page."""
    credentials = _credentials()
    price_id = plan.stripe_price_yearly if interval == "year" else plan.stripe_price_monthly
    if not price_id:
        raise BillingError(_("This plan cannot be bought with that billing interval."))
    existing = subscription_for_user(user=user)
    if (
        existing is not None
        and existing.source == Subscription.Source.STRIPE
        and existing.status
        in (
            Subscription.Status.ACTIVE,
            Subscription.Status.TRIALING,
            Subscription.Status.PAST_DUE,
        )
    ):
        raise BillingError(_("You already have a subscription: manage it in the billing portal."))
    tenant_id = require_tenant_id()
    metadata = {"tenant_id": str(tenant_id), "user_id": str(user.pk), "plan_id": str(plan.pk)}
    had_subscription = existing is not None and bool(existing.stripe_subscription_id)
    session = stripe_gateway.checkout_session_create(
        credentials=credentials,
        price_id=price_id,
        success_url=success_url,
        cancel_url=cancel_url,
        metadata=metadata,
        client_reference_id=f"{tenant_id}:{user.pk}",
        customer_id=existing.stripe_customer_id if existing else "",
        customer_email=user.email,
        trial_days=0 if had_subscription else plan.trial_days,
        locale=(get_language() or "auto").split("-")[0],
    )
    return session.url


def portal_start(*, user: User, return_url: str) -> str:
    credentials = _credentials()
    subscription = subscription_for_user(user=user)
    if subscription is None or not subscription.stripe_customer_id:
        raise BillingError(_("There is no Stripe billing account for you yet."))
    return stripe_gateway.portal_session_create(
        credentials=credentials,
        customer_id=subscription.stripe_customer_id,
        return_url=return_url,
    )


def _member(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    membership = Membership.objects.select_related("user").filter(user_id=user_id).first()
    return membership.user if membership else None


@transaction.atomic
def subscription_sync_from_stripe(
    *, snapshot: SubscriptionSnapshot, user_id_hint: int | None = None
) -> Subscription | None:
    """Copy Stripe's current subscription state onto ours. Safe to repeat and to run in any
    order: it writes what Stripe says *now*, whichever event triggered it."""
    subscription = subscription_for_stripe(
        subscription_id=snapshot.id, customer_id=snapshot.customer_id
    )
    if subscription is not None:
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    else:
        hint = user_id_hint
        if hint is None and snapshot.metadata.get("user_id", "").isdigit():
            hint = int(snapshot.metadata["user_id"])
        user = _member(hint)
        if user is None:
            logger.warning("stripe subscription %s: no member to attach it to", snapshot.id)
            return None
        subscription = Subscription.objects.select_for_update().filter(
            user=user
        ).first() or Subscription(user=user)
    plan = plan_for_price(price_id=snapshot.price_id)
    if plan is None:
        logger.error("stripe subscription %s: price %s is no plan", snapshot.id, snapshot.price_id)
        if subscription.pk is None:
            return None
    else:
        subscription.plan = plan
    now = timezone.now()
    was_past_due = subscription.status == Subscription.Status.PAST_DUE
    subscription.source = Subscription.Source.STRIPE
    subscription.status = (
        snapshot.status
        if snapshot.status in Subscription.Status.values
        else Subscription.Status.INCOMPLETE
    )
    subscription.stripe_subscription_id = snapshot.id
    subscription.stripe_customer_id = snapshot.customer_id or subscription.stripe_customer_id
    subscription.interval = snapshot.interval
    subscription.current_period_start = snapshot.current_period_start
    subscription.current_period_end = snapshot.current_period_end
    subscription.cancel_at_period_end = snapshot.cancel_at_period_end
    subscription.trial_end = snapshot.trial_end
    if subscription.status == Subscription.Status.PAST_DUE:
        if not was_past_due or subscription.past_due_since is None:
            subscription.past_due_since = now
    else:
        subscription.past_due_since = None
    subscription.save()
    if subscription.status == Subscription.Status.PAST_DUE and not was_past_due:
        _notify_payment_failed(subscription=subscription)
    return subscription


def _notify_payment_failed(*, subscription: Subscription) -> None:
    """Once, when a subscription falls past due: in the notification centre and by email (per
    the user's preferences), in their language."""
    from notifications.services import notification_send

    notification_send(
        user=subscription.user,
        tenant=Tenant.objects.get(pk=require_tenant_id()),
        kind="payment_failed",
        title=gettext_lazy("Your payment failed"),
        # Interpolated when notification_send renders it, in the user's language.
        body=lazy(
            lambda: (
                _(
                    "We could not take the payment for your %(plan)s plan. Update your payment "
                    "method to keep it; until then your plan stays active for a grace period."
                )
                % {"plan": subscription.plan.name}
            ),
            str,
        )(),
        url=reverse("billing"),
        email_template="notifications/email/notification",
    )


def subscription_refresh(
    *, subscription_id: str, user_id_hint: int | None = None
) -> Subscription | None:
    """Re-fetch a subscription from Stripe and sync it (webhook processing)."""
    snapshot = stripe_gateway.subscription_retrieve(
        credentials=_credentials(), subscription_id=subscription_id
    )
    return subscription_sync_from_stripe(snapshot=snapshot, user_id_hint=user_id_hint)


def subscription_cancel_for_closure(*, subscription_id: int) -> bool:
    """The account was closed (erasure pending): stop billing it now, in Stripe and here.
    Idempotent; returns whether Stripe was asked. Runs in the subscription's tenant context."""
    subscription = Subscription.objects.select_for_update().filter(pk=subscription_id).first()
    if subscription is None or subscription.status == Subscription.Status.CANCELED:
        return False
    called = False
    if subscription.source == Subscription.Source.STRIPE and subscription.stripe_subscription_id:
        credentials = stripe_credentials()
        if credentials is not None:
            stripe_gateway.subscription_cancel_now(
                credentials=credentials, subscription_id=subscription.stripe_subscription_id
            )
            called = True
    subscription.status = Subscription.Status.CANCELED
    subscription.cancel_at_period_end = False
    subscription.save(update_fields=["status", "cancel_at_period_end"])
    return called


def subscriptions_suspend(user_id: int) -> None:
    """Erasure hook (privacy manifest): the account was closed, so each of its subscriptions
    that still bills is cancelled by a retried task. Runs outside any tenant context."""
    from billing.tasks import subscription_cancel_for_closure_task
    from jobmentis.tenancy.tasks import enqueue_on_commit
    from privacy.erasure import user_tenant_ids

    for tenant_id in user_tenant_ids(user_id):
        with tenant_context(tenant_id):
            ids = list(
                Subscription.objects.filter(user_id=user_id)
                .exclude(status=Subscription.Status.CANCELED)
                .values_list("pk", flat=True)
            )
        for subscription_id in ids:
            enqueue_on_commit(
                subscription_cancel_for_closure_task,
                tenant_id=tenant_id,
                subscription_id=subscription_id,
            )

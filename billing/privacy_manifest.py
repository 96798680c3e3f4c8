"""Personal data held by billing (format: privacy/manifest.py), and the Stripe customer the
payment provider keeps for each paying user (erased through billing.privacy_adapters)."""

from __future__ import annotations

from datetime import timedelta

from billing.privacy_adapters import stripe_configured
from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    AppManifest,
    Category,
    ExternalSystem,
    Hooks,
    ModelEntry,
    Retention,
    observed,
)


def _subscriptions_suspend(user_id: int) -> None:
    # Imported when called: manifests load at start-up, before billing's services.
    from billing.services import subscriptions_suspend

    subscriptions_suspend(user_id)


_PLAN = [
    "coach_message",
    "cover_letter",
    "created_at",
    "currency",
    "cv_optimisation",
    "description",
    "interview_pack",
    "is_default",
    "is_public",
    "monthly_price",
    "name",
    "saved_search",
    "sort_order",
    "stored_cv",
    "stripe_price_monthly",
    "stripe_price_yearly",
    "trial_days",
    "yearly_price",
]

MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="billing.Plan",
            purpose="The plans a workspace offers.",
            personal=False,
            fields=dict.fromkeys(_PLAN, INTERNAL),
        ),
        ModelEntry(
            model="billing.TenantBillingSettings",
            purpose="A workspace's payment settings.",
            personal=False,
            fields=dict.fromkeys(
                ["grace_days", "stripe_secret_key", "stripe_webhook_secret", "updated_at"],
                INTERNAL,
            ),
        ),
        ModelEntry(
            model="billing.Subscription",
            purpose="Your plan and subscription.",
            subject="user",
            fields={
                "user": INTERNAL,
                "plan": observed(Category.FINANCIAL),
                "status": observed(Category.FINANCIAL),
                "interval": observed(Category.FINANCIAL),
                "source": TECHNICAL,
                "cancel_at_period_end": observed(Category.FINANCIAL),
                "current_period_start": observed(Category.FINANCIAL),
                "current_period_end": observed(Category.FINANCIAL),
                "trial_end": observed(Category.FINANCIAL),
                "past_due_since": observed(Category.FINANCIAL),
                "stripe_customer_id": INTERNAL,
                "stripe_subscription_id": INTERNAL,
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="billing.UsageCounter",
            purpose="How much of each plan feature you used this period.",
            subject="user",
            # Usage logs: 12 months after their billing period ended. Stock counters (stored
            # CVs, saved searches) carry a far-future period end and live as long as the user.
            retention=Retention(
                age=timedelta(days=365),
                timestamp_field="period_end",
                description="Usage counts are deleted 12 months after their billing period.",
            ),
            fields={
                "user": INTERNAL,
                "feature": observed(Category.USAGE),
                "period_start": TECHNICAL,
                "period_end": TECHNICAL,
                "used": observed(Category.USAGE),
                "updated_at": TECHNICAL,
            },
        ),
        ModelEntry(
            model="billing.StripeEvent",
            purpose="Payment provider notifications (webhook log).",
            personal=False,
            fields=dict.fromkeys(
                [
                    "amount",
                    "currency",
                    "customer_id",
                    "error",
                    "event_id",
                    "object_id",
                    "processed_at",
                    "received_at",
                    "status",
                    "stripe_created",
                    "subscription_id",
                    "type",
                    "user_id_hint",
                ],
                INTERNAL,
            ),
        ),
    ],
    external=[
        ExternalSystem(
            name="stripe_customers",
            purpose="Takes your payments when you buy a plan.",
            holds="Your customer record at Stripe: email, name, payment method, invoices.",
            retention="Until your account is erased (Stripe keeps invoices as the law requires).",
            recipient="Stripe Payments Europe, Ltd. (payment processor)",
            adapter="billing.privacy_adapters.StripeCustomerAdapter",
            configured=stripe_configured,
        ),
    ],
    hooks=Hooks(suspend=(_subscriptions_suspend,)),
)

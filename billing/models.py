"""Plans, each user's subscription, quota counters, Stripe webhook events and per-tenant Stripe
settings. Everything is tenant-owned: a plan, a price and a subscription belong to one tenant."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel

# The features a plan limits. Periodic ones are counted per billing period; stock ones are a cap
# on how many of a thing a user may keep at once (counted live from the owning app).
PERIODIC_FEATURES = ("cv_optimisation", "cover_letter", "interview_pack", "coach_message")
STOCK_FEATURES = ("stored_cv", "saved_search")
FEATURES = PERIODIC_FEATURES + STOCK_FEATURES

FEATURE_LABELS = {
    "cv_optimisation": _("CV optimisations"),
    "cover_letter": _("Cover letters"),
    "interview_pack": _("Interview packs"),
    "coach_message": _("Coach messages"),
    "stored_cv": _("Stored CVs"),
    "saved_search": _("Saved job searches"),
}

# The same, as a noun inside a sentence ("you have used all 3 CV optimisations").
FEATURE_NOUNS = {
    "cv_optimisation": _("CV optimisations"),
    "cover_letter": _("cover letters"),
    "interview_pack": _("interview packs"),
    "coach_message": _("coach messages"),
    "stored_cv": _("CVs"),
    "saved_search": _("saved job searches"),
}


def _limit_field(label: Any, help_text: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True, help_text=help_text)


class Plan(TenantOwnedModel):
    """What a tenant sells. A blank limit is unlimited; 0 means the feature is not included."""

    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=240, blank=True)
    is_default = models.BooleanField(
        _("default (free) plan"),
        default=False,
        help_text=_("Everyone without a paid or assigned plan is on this plan. Exactly one."),
    )
    is_public = models.BooleanField(
        _("shown on the billing page"),
        default=True,
        help_text=_("Hidden plans can still be assigned to users by an admin."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    monthly_price = models.DecimalField(
        _("monthly price"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Shown on the billing page; Stripe charges the price of the price id below."),
    )
    yearly_price = models.DecimalField(
        _("yearly price"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    stripe_price_monthly = models.CharField(
        _("Stripe monthly price id"), max_length=100, blank=True, help_text="price_…"
    )
    stripe_price_yearly = models.CharField(
        _("Stripe yearly price id"), max_length=100, blank=True, help_text="price_…"
    )
    trial_days = models.PositiveSmallIntegerField(
        _("trial days"), default=0, help_text=_("Free trial on a first Stripe checkout; 0: none.")
    )
    cv_optimisation = _limit_field(
        _("CV optimisations per period"), _("Blank: unlimited. 0: not included.")
    )
    cover_letter = _limit_field(_("cover letters per period"), _("Blank: unlimited."))
    interview_pack = _limit_field(_("interview packs per period"), _("Blank: unlimited."))
    coach_message = _limit_field(_("coach messages per period"), _("Blank: unlimited."))
    stored_cv = _limit_field(_("stored CVs"), _("How many CVs a user may keep. Blank: unlimited."))
    saved_search = _limit_field(
        _("saved job searches"), _("How many Job Radar searches a user may keep.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"],
                condition=models.Q(is_default=True),
                name="billing_plan_one_default_per_tenant",
            ),
            models.UniqueConstraint(fields=["tenant", "name"], name="billing_plan_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def limit(self, feature: str) -> int | None:
        if feature not in FEATURES:
            raise ValueError(f"Unknown feature {feature!r}")
        value: int | None = getattr(self, feature)
        return value

    @property
    def is_purchasable(self) -> bool:
        return bool(self.stripe_price_monthly or self.stripe_price_yearly)


class Subscription(TenantOwnedModel):
    """A user's plan in this tenant: bought through Stripe or assigned by a tenant admin.

    Stripe is the source of truth for paid plans: webhooks re-fetch the subscription and copy its
    state here (never the other way round). No card data is ever stored, only Stripe ids.
    """

    class Source(models.TextChoices):
        ADMIN = "admin", _("Assigned by an admin")
        STRIPE = "stripe", _("Stripe")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TRIALING = "trialing", _("Trial")
        PAST_DUE = "past_due", _("Payment overdue")
        UNPAID = "unpaid", _("Unpaid")
        INCOMPLETE = "incomplete", _("Incomplete")
        INCOMPLETE_EXPIRED = "incomplete_expired", _("Expired")
        CANCELED = "canceled", _("Cancelled")
        PAUSED = "paused", _("Paused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("plan")
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.ADMIN
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.ACTIVE
    )
    interval = models.CharField(_("billing interval"), max_length=8, blank=True)
    stripe_customer_id = models.CharField(_("Stripe customer"), max_length=100, blank=True)
    stripe_subscription_id = models.CharField(_("Stripe subscription"), max_length=100, blank=True)
    current_period_start = models.DateTimeField(_("period start"), null=True, blank=True)
    current_period_end = models.DateTimeField(_("period end"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("cancels at period end"), default=False)
    trial_end = models.DateTimeField(_("trial ends"), null=True, blank=True)
    past_due_since = models.DateTimeField(_("payment overdue since"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="billing_subscription_user"),
        ]
        indexes = [
            models.Index(fields=["tenant", "stripe_customer_id"], name="billing_sub_customer_idx"),
            models.Index(
                fields=["tenant", "stripe_subscription_id"], name="billing_sub_stripe_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_status_display()}"


class UsageCounter(TenantOwnedModel):
    """How much of a periodic feature a user used in one billing period (the quota row that
    `entitlement_consume` locks); also the usage history. Kept 12 months (privacy manifest)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    feature = models.CharField(_("feature"), max_length=32)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    used = models.PositiveIntegerField(_("used"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "feature"]
        verbose_name = _("usage counter")
        verbose_name_plural = _("usage counters")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "feature", "period_start"],
                name="billing_usage_counter_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feature}: {self.used}"


class StripeEvent(TenantOwnedModel):
    """One received Stripe webhook event: the unique (tenant, event id) makes delivery
    idempotent. Only ids are kept (no names, emails or card details)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed")

    event_id = models.CharField(_("event id"), max_length=100)
    type = models.CharField(_("type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    customer_id = models.CharField(_("customer"), max_length=100, blank=True)
    subscription_id = models.CharField(_("subscription"), max_length=100, blank=True)
    user_id_hint = models.BigIntegerField(_("user id (metadata)"), null=True, blank=True)
    amount = models.BigIntegerField(_("amount (minor units)"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    stripe_created = models.DateTimeField(_("created at Stripe"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "event_id"], name="billing_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class TenantBillingSettings(TenantOwnedModel):
    """A tenant's own Stripe account (optional). Blank: the platform's keys are used."""

    stripe_secret_key = models.CharField(
        _("Stripe secret key"),
        max_length=200,
        blank=True,
        help_text=_("sk_live_… or a restricted key. Blank: the platform's Stripe account."),
    )
    stripe_webhook_secret = models.CharField(
        _("Stripe webhook signing secret"), max_length=200, blank=True, help_text="whsec_…"
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days a paid plan stays usable after a failed payment. Blank: platform default."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("billing settings")
        verbose_name_plural = _("billing settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="billing_settings_one_per_tenant"),
        ]

    def __str__(self) -> str:
        return str(_("Billing settings"))

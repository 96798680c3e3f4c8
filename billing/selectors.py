"""Reads for billing: a user's effective plan and billing period, plans on offer, usage."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDay, TruncMonth
from django.utils import timezone

from accounts.models import Membership, User
from billing.models import (
    FEATURE_LABELS,
    FEATURES,
    PERIODIC_FEATURES,
    Plan,
    StripeEvent,
    Subscription,
    TenantBillingSettings,
    UsageCounter,
)
from billing.stripe_gateway import StripeCredentials

# Free-plan limits used when a tenant has no default plan row yet (tenant_create and the data
# migration normally create one; this keeps quotas closed rather than open if it is missing).
FREE_PLAN_DEFAULTS: dict[str, int | None] = {
    "cv_optimisation": 3,
    "cover_letter": 3,
    "interview_pack": 1,
    "coach_message": 20,
    "stored_cv": 3,
    "saved_search": 2,
}


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class FeatureUsage:
    feature: str
    label: str
    limit: int | None
    used: int

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def percent(self) -> int:
        if self.limit is None:
            return 0
        if self.limit == 0:
            return 100
        return min(100, round(100 * self.used / self.limit))

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def calendar_month(now: datetime) -> Period:
    """The UTC calendar month containing `now`: the billing period of users without Stripe."""
    now = now.astimezone(UTC)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    days = calendar.monthrange(start.year, start.month)[1]
    return Period(start=start, end=start + timedelta(days=days))


def plans_for_tenant() -> QuerySet[Plan]:
    return Plan.objects.order_by("sort_order", "id")


def plans_public() -> QuerySet[Plan]:
    return plans_for_tenant().filter(is_public=True)


def plan_default() -> Plan:
    plan = Plan.objects.filter(is_default=True).first()
    if plan is None:
        plan = Plan(name="Free", is_default=True, **FREE_PLAN_DEFAULTS)
    return plan


def subscription_for_user(*, user: User) -> Subscription | None:
    return Subscription.objects.select_related("plan").filter(user=user).first()


def subscription_for_stripe(
    *, subscription_id: str = "", customer_id: str = ""
) -> Subscription | None:
    if subscription_id:
        found = Subscription.objects.filter(stripe_subscription_id=subscription_id).first()
        if found is not None:
            return found
    if customer_id:
        return Subscription.objects.filter(stripe_customer_id=customer_id).first()
    return None


def billing_grace_days() -> int:
    override = TenantBillingSettings.objects.values_list("grace_days", flat=True).first()
    return int(override) if override is not None else int(settings.BILLING_GRACE_DAYS)


def grace_ends_at(subscription: Subscription) -> datetime | None:
    if subscription.status != Subscription.Status.PAST_DUE or subscription.past_due_since is None:
        return None
    return subscription.past_due_since + timedelta(days=billing_grace_days())


def subscription_is_effective(subscription: Subscription, *, now: datetime | None = None) -> bool:
    """Does this subscription (still) grant its plan? A failed payment keeps the plan for the
    grace period; after it, and after cancellation or expiry, the user is on the free plan."""
    now = now or timezone.now()
    status = subscription.status
    if status in (Subscription.Status.ACTIVE, Subscription.Status.TRIALING):
        return True
    if status == Subscription.Status.PAST_DUE:
        ends = grace_ends_at(subscription)
        return ends is not None and now < ends
    return False


class _Unset:
    """Default of `subscription=` arguments: "not looked up yet" (None means "has none")."""


UNSET = _Unset()


def _resolve(user: User, subscription: Subscription | _Unset | None) -> Subscription | None:
    if isinstance(subscription, _Unset):
        return subscription_for_user(user=user)
    return subscription


def plan_for_user(*, user: User, subscription: Subscription | _Unset | None = UNSET) -> Plan:
    subscription = _resolve(user, subscription)
    if subscription is not None and subscription_is_effective(subscription):
        return subscription.plan
    return plan_default()


def billing_period_for_user(
    *,
    user: User,
    subscription: Subscription | _Unset | None = UNSET,
    now: datetime | None = None,
) -> Period:
    """The subscription's current Stripe period while it is effective, else the calendar month."""
    now = now or timezone.now()
    subscription = _resolve(user, subscription)
    if (
        subscription is not None
        and subscription.source == Subscription.Source.STRIPE
        and subscription_is_effective(subscription, now=now)
        and subscription.current_period_start
        and subscription.current_period_end
        and subscription.current_period_start <= now < subscription.current_period_end
    ):
        return Period(subscription.current_period_start, subscription.current_period_end)
    return calendar_month(now)


def stock_count(*, user: User, feature: str) -> int:
    """How many of a stock feature's things the user keeps now (read through the owning app)."""
    if feature == "stored_cv":
        from resumes.selectors import resumes_for_user

        return resumes_for_user(user=user).count()
    if feature == "saved_search":
        try:
            from jobs.radar import selectors as radar_selectors
        except ImportError:
            return 0
        counter = getattr(radar_selectors, "saved_searches_for_user", None)
        return counter(user=user).count() if counter else 0
    raise ValueError(f"{feature!r} is not a stock feature")


def usage_for_user(*, user: User, now: datetime | None = None) -> list[FeatureUsage]:
    """This period's use of every feature against the user's plan, in display order."""
    subscription = subscription_for_user(user=user)
    plan = plan_for_user(user=user, subscription=subscription)
    period = billing_period_for_user(user=user, subscription=subscription, now=now)
    used = dict(
        UsageCounter.objects.filter(
            user=user, feature__in=PERIODIC_FEATURES, period_start=period.start
        ).values_list("feature", "used")
    )
    rows = []
    for feature in FEATURES:
        count = (
            used.get(feature, 0)
            if feature in PERIODIC_FEATURES
            else stock_count(user=user, feature=feature)
        )
        rows.append(
            FeatureUsage(
                feature=feature,
                label=str(FEATURE_LABELS[feature]),
                limit=plan.limit(feature),
                used=count,
            )
        )
    return rows


def usage_history_for_user(*, user: User, months: int = 12) -> list[dict[str, Any]]:
    """Periodic feature use per calendar month (periods bucketed by their start), oldest first."""
    since = calendar_month(timezone.now()).start - timedelta(days=31 * (months - 1))
    rows = (
        UsageCounter.objects.filter(user=user, period_start__gte=since)
        .annotate(month=TruncMonth("period_start", tzinfo=UTC))
        .values("month", "feature")
        .annotate(total=Sum("used"))
        .order_by("month")
    )
    return list(rows)


def ai_usage_for_user(*, user: User, since: datetime) -> list[dict[str, Any]]:
    from jobmentis.ai.models import AIUsageEvent

    return list(
        AIUsageEvent.objects.filter(user=user, created_at__gte=since)
        .values("provider")
        .annotate(
            calls=Count("id"),
            input_tokens=Sum("input_tokens"),
            output_tokens=Sum("output_tokens"),
            cost=Sum("cost_usd"),
        )
        .order_by("provider")
    )


def match_scores_for_user(*, user: User, limit: int = 30) -> list[dict[str, Any]]:
    """The user's latest match scores (oldest first), for the "scores over time" chart. Read
    through resumes' selectors: resumes owns the scores."""
    from resumes.selectors import match_score_timeline

    return match_score_timeline(user=user, limit=limit)


# --- tenant admin report -----------------------------------------------------------------------


def tenant_usage_report(*, now: datetime | None = None, days: int = 30) -> dict[str, Any]:
    """Active users, AI cost by provider and feature, plan distribution, daily AI cost."""
    from jobmentis.ai.models import AIUsageEvent

    now = now or timezone.now()
    since = now - timedelta(days=days)
    events = AIUsageEvent.objects.filter(created_at__gte=since)
    counters = UsageCounter.objects.filter(updated_at__gte=since)
    active_ids = set(events.exclude(user=None).values_list("user_id", flat=True).distinct())
    active_ids |= set(counters.filter(used__gt=0).values_list("user_id", flat=True).distinct())
    members = Membership.objects.count()
    by_provider = list(
        events.values("provider")
        .annotate(
            calls=Count("id"),
            tokens=Sum("input_tokens") + Sum("output_tokens"),
            cost=Sum("cost_usd"),
        )
        .order_by("-cost", "provider")
    )
    by_feature = list(
        events.values("feature")
        .annotate(calls=Count("id"), cost=Sum("cost_usd"))
        .order_by("-cost", "feature")
    )
    daily = {
        row["day"].date(): row["cost"] or Decimal("0")
        for row in events.annotate(day=TruncDay("created_at", tzinfo=UTC))
        .values("day")
        .annotate(cost=Sum("cost_usd"))
    }
    plan_counts = plan_distribution(now=now)
    return {
        "since": since,
        "days": days,
        "members": members,
        "active_users": len(active_ids),
        "ai_calls": sum(row["calls"] for row in by_provider),
        "ai_cost": sum((row["cost"] or Decimal("0") for row in by_provider), Decimal("0")),
        "by_provider": by_provider,
        "by_feature": by_feature,
        "plan_distribution": plan_counts,
        "daily_cost": [
            (day, daily.get(day, Decimal("0")))
            for day in ((since + timedelta(days=i + 1)).date() for i in range(days))
        ],
        "optimisations": counters.filter(feature="cv_optimisation").aggregate(n=Sum("used"))["n"]
        or 0,
    }


def plan_distribution(*, now: datetime | None = None) -> list[tuple[str, int]]:
    """How many members are on each plan right now (the free plan gets everyone else)."""
    default = plan_default()
    counts: dict[str, int] = {}
    on_paid = 0
    for subscription in Subscription.objects.select_related("plan"):
        if subscription_is_effective(subscription, now=now) and not subscription.plan.is_default:
            counts[subscription.plan.name] = counts.get(subscription.plan.name, 0) + 1
            on_paid += 1
    members = Membership.objects.count()
    result = [(default.name, max(members - on_paid, 0))]
    result += sorted(counts.items(), key=lambda item: -item[1])
    return result


def stripe_events_recent(*, limit: int = 20) -> QuerySet[StripeEvent]:
    return StripeEvent.objects.order_by("-received_at")[:limit]


def stripe_credentials() -> StripeCredentials | None:
    """The Stripe account of the tenant in context: its own keys when its admin set them (a
    tenant that sells under its own Stripe account), else the platform's; None: payments off."""
    return _credentials_from(TenantBillingSettings.objects.first())


def _credentials_from(override: TenantBillingSettings | None) -> StripeCredentials | None:
    if override is not None and override.stripe_secret_key:
        return StripeCredentials(
            secret_key=override.stripe_secret_key,
            webhook_secret=override.stripe_webhook_secret,
        )
    if settings.STRIPE_SECRET_KEY:
        return StripeCredentials(
            secret_key=settings.STRIPE_SECRET_KEY, webhook_secret=settings.STRIPE_WEBHOOK_SECRET
        )
    return None


def plan_for_price(*, price_id: str) -> Plan | None:
    if not price_id:
        return None
    return (
        Plan.objects.filter(stripe_price_monthly=price_id).first()
        or Plan.objects.filter(stripe_price_yearly=price_id).first()
    )

"""The one entitlements service every app asks: "may this user do X now, and how many remain?"

    remaining = entitlement_consume(user=user, tenant=tenant, feature="cv_optimisation")
    left = entitlement_remaining(user=user, tenant=tenant, feature="stored_cv")  # None: unlimited

Race safety. Periodic features ("cv_optimisation", "cover_letter", "interview_pack",
"coach_message") are counted in one `UsageCounter` row per user, feature and billing period;
`entitlement_consume` takes a unit with a single conditional UPDATE
(`SET used = used + n WHERE id = … AND used + n <= limit`). PostgreSQL locks the row for the
update and re-checks the WHERE clause after a concurrent writer commits, so two requests can
never both take the last unit (tests/billing/test_entitlements_concurrency.py proves it with two
real connections). Stock features ("stored_cv", "saved_search") cap how many things a user keeps:
the user's counter row is locked FOR UPDATE and the live count is taken under that lock, so the
caller must create the thing in the same transaction (a request is one transaction already).

Consumption is part of the caller's transaction: if the work fails and the transaction rolls
back, the unit is given back with it. `entitlement_release` returns units explicitly (for work
that fails after its transaction committed, e.g. in a Celery task).

Periods reset on their own: a counter is keyed by the start of the user's current billing period
(the Stripe subscription's period, or the UTC calendar month for everyone else), so the first
use in a new period starts a fresh row at zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Tenant, User
from billing.models import FEATURE_NOUNS, FEATURES, PERIODIC_FEATURES, Subscription, UsageCounter
from billing.selectors import (
    Period,
    billing_period_for_user,
    plan_for_user,
    stock_count,
    subscription_for_user,
)
from jobmentis.tenancy.context import require_tenant_id

# What `entitlement_consume` returns for an unlimited feature (there is no "remaining" to count;
# `entitlement_remaining` returns None for it).
UNLIMITED = 2**31 - 1
# Stock counters are not per period: one row per user and feature, keyed by this fixed start.
STOCK_PERIOD = Period(
    start=datetime(2000, 1, 1, tzinfo=UTC), end=datetime(9999, 12, 31, tzinfo=UTC)
)


class QuotaExceeded(Exception):
    """The user's plan has no unit of `feature` left in this period. `message` is friendly and
    shown to the user as is; `upgrade_url` is the billing page."""

    def __init__(
        self, *, feature: str, limit: int, used: int, upgrade_url: str, resets_at: datetime | None
    ) -> None:
        self.feature = feature
        self.limit = limit
        self.used = used
        self.upgrade_url = upgrade_url
        self.resets_at = resets_at
        super().__init__(self.message)

    @property
    def message(self) -> str:
        label = str(FEATURE_NOUNS.get(self.feature, self.feature))
        if self.limit == 0:
            return _("Your plan does not include %(feature)s. Upgrade to unlock them.") % {
                "feature": label
            }
        if self.feature in PERIODIC_FEATURES:
            return _(
                "You have used all %(limit)s %(feature)s included in your plan this period. "
                "Upgrade for more, or wait until your allowance renews."
            ) % {"limit": self.limit, "feature": label}
        return _(
            "Your plan lets you keep %(limit)s %(feature)s. Delete one or upgrade for more."
        ) % {"limit": self.limit, "feature": label}


def _check(tenant: Tenant, feature: str, amount: int) -> None:
    if feature not in FEATURES:
        raise ValueError(f"Unknown feature {feature!r}; one of {', '.join(FEATURES)}")
    if amount < 1:
        raise ValueError("amount must be at least 1")
    # The counters are tenant-owned rows under RLS: the caller's tenant must be the context's.
    if tenant.pk != require_tenant_id():
        raise RuntimeError("entitlements: the tenant is not the tenant in context")


def upgrade_url() -> str:
    return reverse("billing") + "#plans"


def _counter(*, user: User, feature: str, period: Period) -> UsageCounter:
    counter, _created = UsageCounter.objects.get_or_create(
        user=user,
        feature=feature,
        period_start=period.start,
        defaults={"period_end": period.end},
    )
    return counter


def entitlement_consume(*, user: User, tenant: Tenant, feature: str, amount: int = 1) -> int:
    """Take `amount` units of `feature` for `user`, or raise QuotaExceeded. Returns what remains
    (UNLIMITED for an unlimited feature). Race-safe; rolled back with the caller's transaction."""
    _check(tenant, feature, amount)
    subscription = subscription_for_user(user=user)
    plan = plan_for_user(user=user, subscription=subscription)
    limit = plan.limit(feature)
    with transaction.atomic():
        if feature in PERIODIC_FEATURES:
            period = billing_period_for_user(user=user, subscription=subscription)
            counter = _counter(user=user, feature=feature, period=period)
            rows = UsageCounter.objects.filter(pk=counter.pk)
            if limit is None:
                rows.update(used=F("used") + amount)
                return UNLIMITED
            # The single conditional UPDATE is the check-and-count (see the module docstring).
            if not rows.filter(used__lte=limit - amount).update(used=F("used") + amount):
                used = rows.values_list("used", flat=True).get()
                raise QuotaExceeded(
                    feature=feature,
                    limit=limit,
                    used=used,
                    upgrade_url=upgrade_url(),
                    resets_at=period.end,
                )
            used = rows.values_list("used", flat=True).get()
            return max(limit - used, 0)
        # Stock feature: serialise this user's creations on the counter row, then count.
        counter = _counter(user=user, feature=feature, period=STOCK_PERIOD)
        UsageCounter.objects.select_for_update().filter(pk=counter.pk).get()
        current = stock_count(user=user, feature=feature)
        if limit is not None and current + amount > limit:
            raise QuotaExceeded(
                feature=feature,
                limit=limit,
                used=current,
                upgrade_url=upgrade_url(),
                resets_at=None,
            )
        UsageCounter.objects.filter(pk=counter.pk).update(used=current + amount)
        return UNLIMITED if limit is None else limit - current - amount


def entitlement_remaining(*, user: User, tenant: Tenant, feature: str) -> int | None:
    """Units of `feature` left for `user` now; None when the plan has no limit on it."""
    _check(tenant, feature, 1)
    return feature_remaining(
        user=user, feature=feature, subscription=subscription_for_user(user=user)
    )


@dataclass(frozen=True)
class Allowance:
    """A feature's allowance for one user now, for display (read-only: nothing is counted)."""

    feature: str
    limit: int | None  # None: unlimited
    used: int
    periodic: bool
    period: Period | None  # the billing period of a periodic feature

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def period_is_year(self) -> bool:
        return self.period is not None and (self.period.end - self.period.start).days > 62


def feature_allowance(*, user: User, feature: str, subscription: Subscription | None) -> Allowance:
    """Limit, use and period of `feature` for `user`, with the subscription already at hand
    (templates look it up once per request). Two queries at most: the default plan when the
    user has no effective subscription, and the usage counter or the live stock count. An
    unlimited feature costs no count at all."""
    plan = plan_for_user(user=user, subscription=subscription)
    limit = plan.limit(feature)
    periodic = feature in PERIODIC_FEATURES
    period = billing_period_for_user(user=user, subscription=subscription) if periodic else None
    if limit is None:
        used = 0
    elif period is not None:
        used = (
            UsageCounter.objects.filter(user=user, feature=feature, period_start=period.start)
            .values_list("used", flat=True)
            .first()
            or 0
        )
    else:
        used = stock_count(user=user, feature=feature)
    return Allowance(feature=feature, limit=limit, used=used, periodic=periodic, period=period)


def feature_remaining(*, user: User, feature: str, subscription: Subscription | None) -> int | None:
    """`entitlement_remaining` with the user's subscription already at hand (templates)."""
    return feature_allowance(user=user, feature=feature, subscription=subscription).remaining


def entitlement_release(*, user: User, tenant: Tenant, feature: str, amount: int = 1) -> None:
    """Give back units of a periodic feature taken in the current period (work that failed after
    its consuming transaction had committed). Never goes below zero."""
    _check(tenant, feature, amount)
    if feature not in PERIODIC_FEATURES:
        return  # stock features are counted live: deleting the thing frees the unit
    period = billing_period_for_user(user=user)
    rows = UsageCounter.objects.filter(user=user, feature=feature, period_start=period.start)
    rows.filter(used__gte=amount).update(used=F("used") - amount)

"""`{% billing_banner %}`: the app shell's past-due banner (templates/base.html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from billing.models import Subscription
from billing.selectors import grace_ends_at, subscription_for_user

register = template.Library()
_MISSING = object()


def _subscription(request: Any) -> Subscription | None:
    """The user's subscription, looked up once per request (banner and quota notes share it)."""
    cached = getattr(request, "_billing_subscription", _MISSING)
    if cached is _MISSING:
        cached = subscription_for_user(user=request.user)
        request._billing_subscription = cached
    return cached  # type: ignore[return-value]


@register.inclusion_tag("billing/_banner.html", takes_context=True)
def billing_banner(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    if (
        request is None
        or getattr(request, "tenant", None) is None
        or getattr(request, "membership", None) is None
    ):
        return {"show": False}
    subscription = _subscription(request)
    if subscription is None or subscription.status != Subscription.Status.PAST_DUE:
        return {"show": False}
    grace_ends = grace_ends_at(subscription)
    return {
        "show": True,
        "grace_over": grace_ends is None or grace_ends <= timezone.now(),
        "subscription": subscription,
        "grace_ends": grace_ends,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("billing/_quota_note.html", takes_context=True)
def quota_note(context: template.Context, feature: str, unlimited: bool = False) -> dict[str, Any]:
    """ "N of M … left" with an upgrade link, or a friendly limit message when none is left, on
    the pages that use `feature` (`{% quota_note "stored_cv" %}`). An unlimited feature shows
    nothing, unless `unlimited=True` asks to say so. Read-only; at most two queries."""
    from billing.entitlements import feature_allowance, upgrade_url
    from billing.models import FEATURE_NOUNS

    request = context.get("request")
    tenant = getattr(request, "tenant", None)
    if request is None or tenant is None or getattr(request, "membership", None) is None:
        return {"show": False}
    allowance = feature_allowance(
        user=request.user, feature=feature, subscription=_subscription(request)
    )
    if allowance.limit is None and not unlimited:
        return {"show": False}
    return {
        "show": True,
        "unlimited": allowance.limit is None,
        "remaining": allowance.remaining,
        "limit": allowance.limit,
        "label": str(FEATURE_NOUNS[feature]),
        "periodic": allowance.periodic,
        "yearly": allowance.period_is_year,
        "resets_at": allowance.period.end if allowance.period else None,
        "upgrade_url": upgrade_url(),
    }

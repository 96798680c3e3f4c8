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
def quota_note(context: template.Context, feature: str) -> dict[str, Any]:
    """Remaining units of `feature` with an upgrade link, for pages that use it (e.g. the CV
    upload card: `{% quota_note "stored_cv" %}`). Shows nothing for unlimited features."""
    from billing.entitlements import feature_remaining, upgrade_url
    from billing.models import FEATURE_NOUNS, PERIODIC_FEATURES

    request = context.get("request")
    tenant = getattr(request, "tenant", None)
    if request is None or tenant is None or getattr(request, "membership", None) is None:
        return {"show": False}
    remaining = feature_remaining(
        user=request.user, feature=feature, subscription=_subscription(request)
    )
    if remaining is None:
        return {"show": False}
    return {
        "show": True,
        "remaining": remaining,
        "label": str(FEATURE_NOUNS[feature]),
        "periodic": feature in PERIODIC_FEATURES,
        "upgrade_url": upgrade_url(),
    }

"""Reads of the usage ledger (billing and dashboards build on these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from jobmentis.ai.models import AIUsageEvent


@dataclass(frozen=True)
class UsageTotal:
    user_id: int | None
    feature: str
    month: dt.date
    calls: int  # successful calls
    attempts: int  # every provider attempt, failures included
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal


def ai_usage_totals(
    *,
    user_id: int | None = None,
    feature: str | None = None,
    month: dt.date | None = None,
) -> list[UsageTotal]:
    """Totals per (user, feature, calendar month, UTC) for the tenant in context, optionally
    narrowed to one user, feature or month (any day of it)."""
    events = AIUsageEvent.objects.all()
    if user_id is not None:
        events = events.filter(user_id=user_id)
    if feature is not None:
        events = events.filter(feature=feature)
    if month is not None:
        start = dt.datetime(month.year, month.month, 1, tzinfo=dt.UTC)
        end = dt.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=dt.UTC)
        events = events.filter(created_at__gte=start, created_at__lt=end)
    rows = (
        events.annotate(month=TruncMonth("created_at", tzinfo=dt.UTC))
        .values("user_id", "feature", "month")
        .annotate(
            calls=Count("id", filter=Q(status=AIUsageEvent.Status.OK)),
            attempts=Count("id"),
            input_tokens=Sum("input_tokens"),
            output_tokens=Sum("output_tokens"),
            cost_usd=Sum("cost_usd"),
        )
        .order_by("month", "feature", "user_id")
    )
    return [
        UsageTotal(
            user_id=row["user_id"],
            feature=row["feature"],
            month=row["month"].date(),
            calls=row["calls"],
            attempts=row["attempts"],
            input_tokens=row["input_tokens"] or 0,
            output_tokens=row["output_tokens"] or 0,
            cost_usd=row["cost_usd"] or Decimal("0"),
        )
        for row in rows
    ]

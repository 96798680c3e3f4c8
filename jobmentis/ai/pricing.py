"""Estimated cost of one call from the price table in settings (AI_PRICES, USD per million
tokens). Estimates for quotas and dashboards, not invoices: vendors' bills are the truth."""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

MILLION = Decimal(1_000_000)
COST_QUANTUM = Decimal("0.000001")


def _model_prices(provider: str, model: str) -> dict[str, Any] | None:
    table: dict[str, dict[str, Any]] = getattr(settings, "AI_PRICES", {}).get(provider, {})
    if model in table:
        return table[model]
    # Vendors answer with dated ids ("claude-sonnet-4-5-20250929"): longest known prefix wins.
    matches = [name for name in table if model.startswith(name)]
    return table[max(matches, key=len)] if matches else None


def usage_cost(*, provider: str, model: str, input_tokens: int, output_tokens: int) -> Decimal:
    """USD, rounded to a millionth; 0 for the local engine and for models without a price."""
    prices = _model_prices(provider, model)
    if not prices:
        if provider != "local":
            logger.warning(
                "ai: no price for %s model %r in AI_PRICES; cost recorded as 0", provider, model
            )
        return Decimal("0")
    cost = (
        Decimal(input_tokens) * Decimal(str(prices.get("input_per_mtok", 0)))
        + Decimal(output_tokens) * Decimal(str(prices.get("output_per_mtok", 0)))
    ) / MILLION
    return cost.quantize(COST_QUANTUM, rounding=ROUND_HALF_UP)

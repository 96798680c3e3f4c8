"""Charts as plain geometry for inline SVG in templates (rendered locally: no chart library, no
CDN, nothing for CSP to allow). Functions return boxes and points in a fixed viewBox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.utils import formats

from billing.models import FEATURE_LABELS, PERIODIC_FEATURES

WIDTH, HEIGHT = 600, 200
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 36, 24, 10
SERIES_CLASSES = {feature: f"chart-s{index}" for index, feature in enumerate(PERIODIC_FEATURES)}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def _month_keys(months: int, today: date) -> list[date]:
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(keys))


def _axis(top: float) -> list[dict[str, Any]]:
    plot = HEIGHT - PAD_BOTTOM - PAD_TOP
    return [
        {"y": PAD_TOP + plot * (1 - fraction), "label": _fmt(top * fraction)}
        for fraction in (0, 0.5, 1)
    ]


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def monthly_bars(rows: list[dict[str, Any]], *, months: int = 12) -> dict[str, Any]:
    """Stacked bars: periodic feature use per month (rows from usage_history_for_user)."""
    keys = _month_keys(months, datetime.now(tz=UTC).date())
    totals: dict[date, dict[str, int]] = {key: {} for key in keys}
    for row in rows:
        key = row["month"].date().replace(day=1)
        if key in totals:
            totals[key][row["feature"]] = totals[key].get(row["feature"], 0) + int(row["total"])
    top = _nice_max(max((sum(v.values()) for v in totals.values()), default=0))
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = (WIDTH - PAD_LEFT) / months
    bars: list[Bar] = []
    labels = []
    for index, key in enumerate(keys):
        x = PAD_LEFT + index * slot + slot * 0.2
        y: float = HEIGHT - PAD_BOTTOM
        month_label = formats.date_format(key, "M")
        labels.append({"x": x + slot * 0.3, "label": month_label})
        for feature in PERIODIC_FEATURES:
            value = totals[key].get(feature, 0)
            if not value:
                continue
            height = plot_h * value / top
            y -= height
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(slot * 0.6, 1),
                    height=round(height, 1),
                    css=SERIES_CLASSES[feature],
                    title=f"{month_label}: {FEATURE_LABELS[feature]} {value}",
                )
            )
    return {
        "bars": bars,
        "labels": labels,
        "axis": _axis(top),
        "empty": not bars,
        "legend": [(SERIES_CLASSES[f], FEATURE_LABELS[f]) for f in PERIODIC_FEATURES],
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - PAD_BOTTOM,
        "left": PAD_LEFT,
    }


def daily_bars(days: list[tuple[date, Decimal]]) -> dict[str, Any]:
    """One bar per day (the tenant admin's AI cost chart)."""
    top = _nice_max(float(max((value for _, value in days), default=0)))
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = (WIDTH - PAD_LEFT) / max(len(days), 1)
    bars = []
    labels = []
    for index, (day, value) in enumerate(days):
        x = PAD_LEFT + index * slot
        height = plot_h * float(value) / top
        label = formats.date_format(day, "j M")
        if value:
            bars.append(
                Bar(
                    x=round(x + slot * 0.15, 1),
                    y=round(HEIGHT - PAD_BOTTOM - height, 1),
                    width=round(slot * 0.7, 1),
                    height=round(height, 1),
                    css="chart-s0",
                    title=f"{label}: ${value:.4f}",
                )
            )
        if index % 7 == 0:
            labels.append({"x": x + slot / 2, "label": label})
    return {
        "bars": bars,
        "labels": labels,
        "axis": _axis(top),
        "empty": not bars,
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - PAD_BOTTOM,
        "left": PAD_LEFT,
    }


def score_line(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Match scores (0-100) over time as a polyline, oldest left."""
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    count = len(scores)
    step = (WIDTH - PAD_LEFT - 10) / max(count - 1, 1)
    points = []
    for index, row in enumerate(scores):
        x = PAD_LEFT + (index * step if count > 1 else (WIDTH - PAD_LEFT) / 2)
        y = PAD_TOP + plot_h * (1 - int(row["score"]) / 100)
        points.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "title": f"{formats.date_format(row['created_at'], 'j M')}: {row['score']}",
            }
        )
    return {
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "axis": _axis(100),
        "empty": not points,
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - PAD_BOTTOM,
        "left": PAD_LEFT,
    }

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def tenant(request: HttpRequest) -> dict[str, Any]:
    """Branding for templates: the host's tenant (None on platform hosts)."""
    current = getattr(request, "tenant", None)
    return {
        "tenant": current,
        "brand_name": current.brand_name if current else "JobMentis",
        "brand_colour": current.primary_colour if current else "#2f5bea",
        "membership": getattr(request, "membership", None),
    }

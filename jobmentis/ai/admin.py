"""Tenant admin: the tenant's AI settings (provider order, models) and its usage (read-only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.ai.models import AIUsageEvent, TenantAISettings
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin, TenantScopedModelAdmin


class TenantAISettingsAdmin(TenantScopedModelAdmin):
    fields = ("provider_order", "anthropic_model", "openai_model", "gemini_model")
    list_display = ("__str__", "provider_order", "updated_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # One row per tenant (also a database constraint).
        return super().has_add_permission(request) and not TenantAISettings.objects.exists()


class AIUsageEventAdmin(ReadOnlyTenantModelAdmin):
    list_display = (
        "created_at",
        "feature",
        "provider",
        "model",
        "status",
        "error_type",
        "input_tokens",
        "output_tokens",
        "latency_ms",
        "cost_usd",
        "user",
    )
    list_filter = ("status", "feature", "provider", "created_at")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    fields = list_display
    readonly_fields = list_display


tenant_admin_site.register(TenantAISettings, TenantAISettingsAdmin)
tenant_admin_site.register(AIUsageEvent, AIUsageEventAdmin)

"""Tenant admin: AI settings editable by the tenant's admin; usage events read-only and scoped."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import Tenant, User
from jobmentis.ai.models import AIUsageEvent, TenantAISettings
from jobmentis.tenancy.context import tenant_context
from tests.conftest import client_for


def _event(tenant: Tenant, feature: str) -> AIUsageEvent:
    with tenant_context(tenant.pk):
        return AIUsageEvent.objects.create(
            feature=feature,
            provider="anthropic",
            model="claude-sonnet-4-6",
            input_tokens=10,
            output_tokens=2,
            cost_usd=Decimal("0.000060"),
            status=AIUsageEvent.Status.OK,
        )


def test_tenant_admin_lists_only_own_usage_and_cannot_change_it(
    tenant_a: Tenant, admin_a: User, tenant_b: Tenant
) -> None:
    own = _event(tenant_a, "cv.extract")
    _event(tenant_b, "globex.secret-feature")
    client = client_for(tenant_a, admin_a)

    changelist = client.get("/admin/ai/aiusageevent/")
    assert changelist.status_code == 200
    assert b"cv.extract" in changelist.content
    assert b"globex.secret-feature" not in changelist.content
    assert client.get("/admin/ai/aiusageevent/add/").status_code == 403
    detail = client.post(f"/admin/ai/aiusageevent/{own.pk}/change/", {"feature": "edited"})
    assert detail.status_code == 403
    with tenant_context(tenant_a.pk):
        assert AIUsageEvent.objects.get(pk=own.pk).feature == "cv.extract"


def test_tenant_admin_sets_provider_order_for_own_tenant_only(
    tenant_a: Tenant, admin_a: User, tenant_b: Tenant
) -> None:
    client = client_for(tenant_a, admin_a)
    response = client.post(
        "/admin/ai/tenantaisettings/add/",
        {
            "provider_order": "gemini, local",
            "anthropic_model": "",
            "openai_model": "",
            "gemini_model": "gemini-2.5-pro",
        },
    )
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        saved = TenantAISettings.objects.get()
        assert (saved.provider_order, saved.gemini_model) == ("gemini, local", "gemini-2.5-pro")
    with tenant_context(tenant_b.pk):
        assert not TenantAISettings.objects.exists()
    # One row per tenant: no second "add".
    assert client.get("/admin/ai/tenantaisettings/add/").status_code == 403


def test_unknown_provider_is_refused_in_the_admin_form(tenant_a: Tenant, admin_a: User) -> None:
    response = client_for(tenant_a, admin_a).post(
        "/admin/ai/tenantaisettings/add/", {"provider_order": "anthropic, skynet"}
    )
    assert response.status_code == 200
    assert b"skynet" in response.content
    with tenant_context(tenant_a.pk):
        assert not TenantAISettings.objects.exists()

"""Demo plans for `bin/run`: Free (the tenant's default) and Pro on every demo tenant."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import Tenant
from billing.models import Plan
from billing.services import plan_ensure_default
from jobmentis.tenancy.context import tenant_context


def billing_demo_seed(*, tenants: list[Tenant]) -> None:
    """Idempotent: creates the Pro plan where missing, leaves admins' edits alone."""
    for tenant in tenants:
        plan_ensure_default(tenant=tenant)
        with tenant_context(tenant.pk):
            if not Plan.objects.filter(name="Pro").exists():
                Plan.objects.create(
                    name="Pro",
                    description="For an active job search: optimise every application.",
                    sort_order=10,
                    currency="EUR",
                    monthly_price=Decimal("9.00"),
                    yearly_price=Decimal("90.00"),
                    stripe_price_monthly="price_demo_pro_monthly",
                    stripe_price_yearly="price_demo_pro_yearly",
                    trial_days=7,
                    cv_optimisation=100,
                    cover_letter=None,
                    interview_pack=None,
                    coach_message=None,
                    stored_cv=20,
                    saved_search=20,
                )

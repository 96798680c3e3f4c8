from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from accounts.models import Tenant
from billing.models import Plan
from billing.tasks import stripe_event_process_task
from jobmentis.tenancy.context import tenant_context
from tests.fakes.stripe import fake_stripe  # noqa: F401  (fixture)
from tests.resumes.conftest import media  # noqa: F401  (fixture)

PRO_MONTHLY = "price_pro_monthly"
PRO_YEARLY = "price_pro_yearly"


def pro_plan_for(tenant: Tenant, **overrides: Any) -> Plan:
    values: dict[str, Any] = {
        "name": "Pro",
        "sort_order": 10,
        "monthly_price": Decimal("9.00"),
        "yearly_price": Decimal("90.00"),
        "stripe_price_monthly": PRO_MONTHLY,
        "stripe_price_yearly": PRO_YEARLY,
        "trial_days": 7,
        "cv_optimisation": 50,
        "cover_letter": None,
        "interview_pack": None,
        "coach_message": None,
        "stored_cv": 10,
        "saved_search": 10,
    }
    values.update(overrides)
    with tenant_context(tenant.pk):
        return Plan.objects.create(**values)


def free_plan_for(tenant: Tenant) -> Plan:
    with tenant_context(tenant.pk):
        return Plan.objects.get(is_default=True)


@pytest.fixture
def pro_a(tenant_a: Tenant) -> Plan:
    return pro_plan_for(tenant_a)


@pytest.fixture
def event_tasks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """Webhook processing runs as the worker would (in the tenant's context), right when the
    request's transaction commits; the kwargs of every queued task are recorded."""
    sent: list[dict[str, Any]] = []

    def run(kwargs: dict[str, Any], **options: Any) -> None:
        sent.append(kwargs)
        stripe_event_process_task.apply(kwargs=kwargs, throw=True)

    monkeypatch.setattr(stripe_event_process_task, "apply_async", run)
    yield sent

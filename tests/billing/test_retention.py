"""Usage counters follow the manifest's 12-month rule for usage logs (freezegun, either side)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from accounts.models import Tenant, User
from billing.entitlements import STOCK_PERIOD
from billing.models import UsageCounter
from jobmentis.tenancy.context import tenant_context
from privacy.manifest import load_manifest
from privacy.retention import retention_apply

pytestmark = pytest.mark.django_db

PERIOD_START = datetime(2026, 1, 1, tzinfo=UTC)
PERIOD_END = datetime(2026, 2, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def test_usage_counters_have_a_twelve_month_rule_in_the_manifest() -> None:
    rule = load_manifest().entries["billing.UsageCounter"].retention
    assert rule is not None
    assert rule.age == timedelta(days=365) and rule.timestamp_field == "period_end"


@pytest.mark.parametrize(("offset", "kept"), [(-SECOND, True), (SECOND, False)])
def test_a_usage_counter_is_deleted_twelve_months_after_its_period(
    tenant_a: Tenant, seeker_a: User, offset: timedelta, kept: bool
) -> None:
    with tenant_context(tenant_a.pk):
        periodic = UsageCounter.objects.create(
            user=seeker_a,
            feature="cv_optimisation",
            period_start=PERIOD_START,
            period_end=PERIOD_END,
            used=3,
        )
        stock = UsageCounter.objects.create(
            user=seeker_a,
            feature="stored_cv",
            period_start=STOCK_PERIOD.start,
            period_end=STOCK_PERIOD.end,
            used=2,
        )
    with freeze_time(PERIOD_END + timedelta(days=365) + offset), tenant_context(tenant_a.pk):
        retention_apply(tenant_scoped=True)
    with tenant_context(tenant_a.pk):
        assert UsageCounter.objects.filter(pk=periodic.pk).exists() is kept
        assert UsageCounter.objects.filter(pk=stock.pk).exists()  # a cap, not a log

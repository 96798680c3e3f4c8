"""The entitlements service: limits per plan, periods, stock features, the friendly refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Tenant, User
from billing.entitlements import (
    UNLIMITED,
    QuotaExceeded,
    entitlement_consume,
    entitlement_release,
    entitlement_remaining,
)
from billing.models import Plan, Subscription, UsageCounter
from billing.selectors import calendar_month
from billing.services import plan_assign
from jobmentis.tenancy.context import tenant_context
from tests.billing.conftest import free_plan_for
from tests.resumes.conftest import upload_cv


def test_every_new_tenant_has_a_free_default_plan(tenant_a: Tenant) -> None:
    plan = free_plan_for(tenant_a)
    assert plan.name == "Free"
    assert plan.cv_optimisation == 3
    assert plan.stored_cv == 3


def test_free_user_consumes_until_the_limit_then_gets_a_friendly_refusal(
    tenant_a: Tenant, seeker_a: User
) -> None:
    with tenant_context(tenant_a.pk):
        assert entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cv_optimisation") == 3
        assert [
            entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
            for _ in range(3)
        ] == [2, 1, 0]
        with pytest.raises(QuotaExceeded) as caught:
            entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
        assert entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cv_optimisation") == 0
        counter = UsageCounter.objects.get(user=seeker_a, feature="cv_optimisation")
    assert counter.used == 3  # the refused attempt did not count
    assert caught.value.upgrade_url == "/billing/#plans"
    assert caught.value.limit == 3
    assert "all 3 CV optimisations" in caught.value.message
    assert caught.value.resets_at == calendar_month(timezone.now()).end


def test_amount_larger_than_what_remains_is_refused_whole(tenant_a: Tenant, seeker_a: User) -> None:
    with tenant_context(tenant_a.pk):
        entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cover_letter")
        with pytest.raises(QuotaExceeded):
            entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cover_letter", amount=3)
        assert entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cover_letter") == 2


def test_zero_limit_means_not_included(tenant_a: Tenant, seeker_a: User) -> None:
    with tenant_context(tenant_a.pk):
        Plan.objects.filter(is_default=True).update(interview_pack=0)
        with pytest.raises(QuotaExceeded) as caught:
            entitlement_consume(user=seeker_a, tenant=tenant_a, feature="interview_pack")
    assert "does not include" in caught.value.message


def test_unlimited_feature_counts_usage_but_never_refuses(
    tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    with tenant_context(tenant_a.pk):
        plan_assign(user=seeker_a, plan=pro_a)
        for _ in range(5):
            assert (
                entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cover_letter")
                == UNLIMITED
            )
        assert entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cover_letter") is None
        assert UsageCounter.objects.get(user=seeker_a, feature="cover_letter").used == 5


def test_assigned_plan_raises_the_limit(tenant_a: Tenant, seeker_a: User, pro_a: Plan) -> None:
    with tenant_context(tenant_a.pk):
        for _ in range(3):
            entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
        plan_assign(user=seeker_a, plan=pro_a)
        assert (
            entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cv_optimisation") == 47
        )


def test_usage_resets_at_the_start_of_the_next_calendar_month(
    tenant_a: Tenant, seeker_a: User
) -> None:
    last_month = calendar_month(calendar_month(timezone.now()).start - timedelta(days=1))
    with tenant_context(tenant_a.pk):
        UsageCounter.objects.create(
            user=seeker_a,
            feature="cv_optimisation",
            period_start=last_month.start,
            period_end=last_month.end,
            used=3,
        )
        assert entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cv_optimisation") == 3
        assert entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation") == 2


def test_paid_users_are_counted_per_stripe_billing_period(
    tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    start = timezone.now() - timedelta(days=3)
    with tenant_context(tenant_a.pk):
        Subscription.objects.create(
            user=seeker_a,
            plan=pro_a,
            source=Subscription.Source.STRIPE,
            status=Subscription.Status.ACTIVE,
            current_period_start=start,
            current_period_end=start + timedelta(days=30),
        )
        entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
        counter = UsageCounter.objects.get(user=seeker_a, feature="cv_optimisation")
    assert counter.period_start == start
    assert counter.period_end == start + timedelta(days=30)


def test_release_gives_a_unit_back_but_never_below_zero(tenant_a: Tenant, seeker_a: User) -> None:
    with tenant_context(tenant_a.pk):
        entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
        entitlement_release(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
        entitlement_release(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
        assert entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="cv_optimisation") == 3


@pytest.mark.usefixtures("media")
def test_stored_cv_limit_counts_the_cvs_the_user_keeps(tenant_a: Tenant, seeker_a: User) -> None:
    for index in range(3):
        upload_cv(tenant_a, seeker_a, name=f"cv{index}.pdf")
    with tenant_context(tenant_a.pk):
        assert entitlement_remaining(user=seeker_a, tenant=tenant_a, feature="stored_cv") == 0
        with pytest.raises(QuotaExceeded) as caught:
            entitlement_consume(user=seeker_a, tenant=tenant_a, feature="stored_cv")
    assert "keep 3 CVs" in caught.value.message


def test_consuming_for_another_tenant_than_the_context_is_refused(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User
) -> None:
    with tenant_context(tenant_a.pk), pytest.raises(RuntimeError):
        entitlement_consume(user=seeker_a, tenant=tenant_b, feature="cv_optimisation")


def test_unknown_feature_is_a_programming_error(tenant_a: Tenant, seeker_a: User) -> None:
    with tenant_context(tenant_a.pk), pytest.raises(ValueError):
        entitlement_consume(user=seeker_a, tenant=tenant_a, feature="teleport")


def test_calendar_month_boundaries() -> None:
    period = calendar_month(datetime(2026, 2, 14, 23, 0, tzinfo=UTC))
    assert period.start == datetime(2026, 2, 1, tzinfo=UTC)
    assert period.end == datetime(2026, 3, 1, tzinfo=UTC)

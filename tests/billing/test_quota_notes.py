"""Remaining counts where they matter: the optimisation form, the CV upload card and the new
saved-search form say how many are left, and the limit message links to the plans."""

from __future__ import annotations

import pytest

from accounts.models import Tenant, User
from billing.entitlements import entitlement_consume
from billing.models import Plan
from billing.services import plan_assign
from jobmentis.tenancy.context import tenant_context
from resumes.models import Resume
from resumes.services import resume_import_json
from tests.billing.conftest import free_plan_for
from tests.conftest import client_for
from tests.resumes.optimisation_samples import CV_ANALYST

pytestmark = pytest.mark.django_db


def _cv(tenant: Tenant, user: User) -> Resume:
    with tenant_context(tenant.pk):
        return resume_import_json(user=user, data=CV_ANALYST, original_filename="ada.json")


def _set_free_limits(tenant: Tenant, **limits: int | None) -> None:
    plan = free_plan_for(tenant)
    with tenant_context(tenant.pk):
        Plan.objects.filter(pk=plan.pk).update(**limits)


def test_the_optimisation_form_says_how_many_optimisations_are_left_this_month(
    tenant_a: Tenant, seeker_a: User
) -> None:
    _set_free_limits(tenant_a, cv_optimisation=3)
    resume = _cv(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
    page = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/optimise/").content.decode()
    assert "2 of 3 CV optimisations left this month." in page
    assert 'href="/billing/#plans"' in page


def test_an_exhausted_optimisation_allowance_shows_the_upgrade_path(
    tenant_a: Tenant, seeker_a: User
) -> None:
    _set_free_limits(tenant_a, cv_optimisation=1)
    resume = _cv(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
    page = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/optimise/").content.decode()
    assert 'data-testid="quota-exhausted"' in page
    assert "CV optimisations for this period are used up." in page
    assert "Upgrade your plan" in page


def test_an_unlimited_plan_says_unlimited_on_the_optimisation_form(
    tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    with tenant_context(tenant_a.pk):
        Plan.objects.filter(pk=pro_a.pk).update(cv_optimisation=None)
        pro_a.refresh_from_db()
        plan_assign(user=seeker_a, plan=pro_a)
    resume = _cv(tenant_a, seeker_a)
    page = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/optimise/").content.decode()
    assert "Unlimited CV optimisations on your plan." in page


def test_the_cv_upload_card_and_the_search_form_say_what_is_left(
    tenant_a: Tenant, seeker_a: User
) -> None:
    _set_free_limits(tenant_a, stored_cv=3, saved_search=2)
    _cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    assert "2 of 3 CVs left on your plan." in client.get("/cvs/").content.decode()
    form = client.get("/jobs/radar/searches/new/").content.decode()
    assert "2 of 2 saved job searches left on your plan." in form

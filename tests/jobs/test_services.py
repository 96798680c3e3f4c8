"""The tracker's write services: the agreed `application_create` interface, moves through the
pipeline with their timeline, tags, and the tenant walls on every row."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.models import Activity, Application, Status
from jobs.services import application_create, application_move, application_set_tags
from tests.jobs.conftest import make_application

pytestmark = pytest.mark.django_db


def test_application_create_accepts_the_agreed_interface(tenant_a: Tenant, seeker_a: User) -> None:
    app = application_create(
        user=seeker_a,
        tenant=tenant_a,
        company=" Globex ",
        title="Backend engineer",
        description="Build things.",
        url="https://jobs.example.com/1",
        location="Berlin",
        workplace_type="hybrid",
        contract_type="permanent",
        salary_min=60000,
        salary_max=75000,
        salary_currency="eur",
        salary_period="year",
        source="Adzuna",
        status="wishlist",
    )
    with tenant_context(tenant_a.pk):
        stored = Application.objects.get(pk=app.pk)
        kinds = list(stored.activities.values_list("kind", flat=True))
    assert stored.company == "Globex" and stored.salary_currency == "EUR"
    assert stored.user_id == seeker_a.pk and stored.tenant_id == tenant_a.pk
    assert stored.applied_on is None  # a wishlist entry has not been sent
    assert kinds == [Activity.Kind.CREATED]


def test_application_create_works_without_an_outer_tenant_context(
    tenant_a: Tenant, seeker_a: User
) -> None:
    # The radar's Celery task calls it with just the tenant: the service opens the context.
    app = application_create(user=seeker_a, tenant=tenant_a, company="A", title="B")
    assert app.pk is not None


def test_application_create_refuses_an_unknown_status(tenant_a: Tenant, seeker_a: User) -> None:
    with pytest.raises(ValueError):
        application_create(user=seeker_a, tenant=tenant_a, company="A", title="B", status="lost")


def test_salary_range_is_enforced_by_the_database(tenant_a: Tenant, seeker_a: User) -> None:
    with pytest.raises(IntegrityError):
        make_application(tenant_a, seeker_a, salary_min=80000, salary_max=50000)


def test_move_records_the_status_change_and_sets_applied_date(
    tenant_a: Tenant, seeker_a: User
) -> None:
    app = make_application(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        application_move(application=app, user=seeker_a, status=Status.APPLIED)
        app.refresh_from_db()
        change = app.activities.get(kind=Activity.Kind.STATUS)
    assert app.status == Status.APPLIED and app.applied_on is not None
    assert (change.from_status, change.to_status) == (Status.WISHLIST, Status.APPLIED)


def test_move_places_the_card_before_the_anchor(tenant_a: Tenant, seeker_a: User) -> None:
    first = make_application(tenant_a, seeker_a, company="First", status="applied")
    second = make_application(tenant_a, seeker_a, company="Second", status="applied")
    moved = make_application(tenant_a, seeker_a, company="Moved")
    with tenant_context(tenant_a.pk):
        order = list(
            Application.objects.filter(status="applied")
            .order_by("position", "-id")
            .values_list("company", flat=True)
        )
        assert order == ["Second", "First"]
        application_move(application=moved, user=seeker_a, status="applied", before_id=first.pk)
        order = list(
            Application.objects.filter(status="applied")
            .order_by("position", "-id")
            .values_list("company", flat=True)
        )
    assert order == ["Second", "Moved", "First"]
    assert second.pk


def test_tags_are_case_insensitive_and_replaced(tenant_a: Tenant, seeker_a: User) -> None:
    app = make_application(tenant_a, seeker_a, tags=["Remote", "python"])
    with tenant_context(tenant_a.pk):
        application_set_tags(application=app, names=["remote", "Dream job"])
        names = sorted(app.tags.values_list("name", flat=True))
    assert names == ["Dream job", "Remote"]


def test_another_tenant_never_sees_the_application(
    tenant_a: Tenant, seeker_a: User, tenant_b: Tenant
) -> None:
    make_application(tenant_a, seeker_a)
    with tenant_context(tenant_b.pk):
        assert Application.objects.count() == 0
        assert Activity.objects.count() == 0

"""Two requests cannot both take the last unit: real threads, each with its own PostgreSQL
connection (as the app role), committing real transactions."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections, transaction

from accounts.models import Tenant, User
from accounts.services import tenant_create, user_create_in_tenant
from billing.entitlements import QuotaExceeded, entitlement_consume, entitlement_remaining
from billing.models import Plan, UsageCounter
from jobmentis.tenancy.context import tenant_context
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(target: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = target()
        except BaseException as error:  # recorded for the assertions in the main thread
            outcome["error"] = error
        finally:
            connections.close_all()

    return threading.Thread(target=run), outcome


@pytest.fixture
def setup() -> tuple[Tenant, User]:
    tenant = tenant_create(name="Race Co", slug="race")
    user = user_create_in_tenant(tenant=tenant, email="racer@race.test", password=TEST_PASSWORD)
    with tenant_context(tenant.pk):
        Plan.objects.filter(is_default=True).update(cv_optimisation=2)
        entitlement_consume(user=user, tenant=tenant, feature="cv_optimisation")  # one left
    return tenant, user


def test_second_request_waits_for_the_first_and_is_refused_the_last_unit(
    setup: tuple[Tenant, User],
) -> None:
    tenant, user = setup
    first_took_it = threading.Event()
    release_first = threading.Event()

    def first() -> int:
        with tenant_context(tenant.pk):
            remaining = entitlement_consume(user=user, tenant=tenant, feature="cv_optimisation")
            first_took_it.set()
            # Hold the transaction open (the row stays locked) while the second one tries.
            assert release_first.wait(10)
            return remaining

    def second() -> int:
        assert first_took_it.wait(10)
        with tenant_context(tenant.pk):
            return entitlement_consume(user=user, tenant=tenant, feature="cv_optimisation")

    thread_1, outcome_1 = _in_thread(first)
    thread_2, outcome_2 = _in_thread(second)
    thread_1.start()
    thread_2.start()
    assert first_took_it.wait(10)
    # The second thread is now blocked on the row lock inside its UPDATE; let the first commit.
    thread_2.join(timeout=1.0)
    assert thread_2.is_alive(), "the second consume should wait for the first transaction"
    release_first.set()
    thread_1.join(10)
    thread_2.join(10)

    assert outcome_1 == {"result": 0}
    assert isinstance(outcome_2.get("error"), QuotaExceeded)
    with tenant_context(tenant.pk):
        assert UsageCounter.objects.get(user=user, feature="cv_optimisation").used == 2
        assert entitlement_remaining(user=user, tenant=tenant, feature="cv_optimisation") == 0


def test_many_simultaneous_requests_take_exactly_what_is_left(setup: tuple[Tenant, User]) -> None:
    tenant, user = setup
    with tenant_context(tenant.pk):
        Plan.objects.filter(is_default=True).update(cv_optimisation=5)  # four left
    start = threading.Barrier(8)

    def attempt() -> int:
        start.wait(10)
        with tenant_context(tenant.pk):
            return entitlement_consume(user=user, tenant=tenant, feature="cv_optimisation")

    runs = [_in_thread(attempt) for _ in range(8)]
    for thread, _ in runs:
        thread.start()
    for thread, _ in runs:
        thread.join(20)
    granted = [outcome["result"] for _, outcome in runs if "result" in outcome]
    refused = [outcome["error"] for _, outcome in runs if "error" in outcome]
    assert sorted(granted) == [0, 1, 2, 3]
    assert len(refused) == 4 and all(isinstance(e, QuotaExceeded) for e in refused)
    with tenant_context(tenant.pk):
        assert UsageCounter.objects.get(user=user, feature="cv_optimisation").used == 5


def test_first_use_in_a_period_by_two_requests_creates_one_counter(
    setup: tuple[Tenant, User],
) -> None:
    tenant, user = setup
    with tenant_context(tenant.pk):
        Plan.objects.filter(is_default=True).update(cover_letter=1)
    start = threading.Barrier(2)

    def attempt() -> int:
        start.wait(10)
        with tenant_context(tenant.pk), transaction.atomic():
            return entitlement_consume(user=user, tenant=tenant, feature="cover_letter")

    runs = [_in_thread(attempt) for _ in range(2)]
    for thread, _ in runs:
        thread.start()
    for thread, _ in runs:
        thread.join(20)
    outcomes = sorted(("result" in outcome) for _, outcome in runs)
    assert outcomes == [False, True]
    errors = [outcome["error"] for _, outcome in runs if "error" in outcome]
    assert isinstance(errors[0], QuotaExceeded), errors
    with tenant_context(tenant.pk):
        assert UsageCounter.objects.filter(user=user, feature="cover_letter").count() == 1

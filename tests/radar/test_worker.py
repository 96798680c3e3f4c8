"""Beat's fan-out in a real Celery worker (subprocess over Redis, as tests/tenancy does): one
task per tenant, then one per due search, each in its own tenant; running it twice is a no-op."""

from __future__ import annotations

import time

import pytest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.radar.models import SavedSearch, SearchHit
from jobs.radar.services import saved_search_create
from jobs.radar.tasks import radar_refresh_fanout
from tests.radar.conftest import add_curated
from tests.tenancy.test_celery_worker import celery_worker  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _wait_for(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


def test_beat_fan_out_refreshes_every_tenants_searches_in_its_own_tenant(
    celery_worker: str,  # noqa: F811
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    seeker_b: User,
) -> None:
    add_curated(tenant_a, ["demo-python-backend", "demo-nurse"])
    add_curated(tenant_b, ["demo-platform-engineer"])
    searches = {}
    for tenant, user in ((tenant_a, seeker_a), (tenant_b, seeker_b)):
        with tenant_context(tenant.pk):
            searches[tenant.pk] = saved_search_create(
                user=user, data={"name": "Py", "keywords": "python"}
            ).pk

    def refreshed() -> bool:
        done = []
        for tenant_id, search_id in searches.items():
            with tenant_context(tenant_id):
                done.append(SavedSearch.objects.get(pk=search_id).last_run_at is not None)
        return all(done)

    assert radar_refresh_fanout.delay().get(timeout=10) >= 2
    _wait_for(refreshed)
    with tenant_context(tenant_a.pk):
        titles_a = set(SearchHit.objects.values_list("listing__title", flat=True))
        run_at = SavedSearch.objects.get().last_run_at
    with tenant_context(tenant_b.pk):
        titles_b = set(SearchHit.objects.values_list("listing__title", flat=True))
    assert titles_a == {"Senior Python Developer"}
    assert titles_b == {"Backend Engineer (Python, Kubernetes)"}
    # Beat again: every search is fresh, nothing is re-run.
    radar_refresh_fanout.delay().get(timeout=10)
    time.sleep(2)
    with tenant_context(tenant_a.pk):
        assert SavedSearch.objects.get().last_run_at == run_at

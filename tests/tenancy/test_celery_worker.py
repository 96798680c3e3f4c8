"""Tenancy in a real Celery worker (a subprocess, via Redis; not eager mode): tasks run as the
tenant they are given, in its GUC, see only its rows, and refuse to run without one."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from celery.result import AsyncResult
from django.db import transaction

from accounts.models import Tenant, User
from jobmentis.celery import app as celery_app
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.tasks import enqueue_on_commit, tenancy_membership_census, tenancy_whoami
from tests.workers import celery_worker_process

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

RESULT_TIMEOUT = 10


@pytest.fixture(scope="module")
def celery_worker(django_db_setup: None) -> Iterator[str]:
    """A real worker on the test queue; the database it uses is the test database (same
    settings module and environment)."""
    with celery_worker_process(name="walls") as node:
        yield node


def test_task_runs_as_the_given_tenant_with_context_and_guc(
    celery_worker: str, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    for tenant in (tenant_a, tenant_b, tenant_a):
        result = tenancy_whoami.delay(tenant_id=tenant.pk)
        assert result.get(timeout=RESULT_TIMEOUT) == {"context": tenant.pk, "guc": tenant.pk}


def test_worker_reads_only_the_tenants_rows(
    celery_worker: str, seeker_a: User, seeker_b: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    census = tenancy_membership_census.delay(tenant_id=tenant_a.pk).get(timeout=RESULT_TIMEOUT)
    assert census == {"orm_user_ids": [seeker_a.pk], "raw_tenant_ids": [tenant_a.pk]}
    census = tenancy_membership_census.delay(tenant_id=tenant_b.pk).get(timeout=RESULT_TIMEOUT)
    assert census == {"orm_user_ids": [seeker_b.pk], "raw_tenant_ids": [tenant_b.pk]}


def test_tenant_task_without_tenant_id_fails_in_the_worker(celery_worker: str) -> None:
    # send_task skips the client-side signature check: the worker itself must refuse it.
    result = celery_app.send_task(tenancy_whoami.name, kwargs={})
    # Celery rebuilds the exception type on the client side; compare by name.
    with pytest.raises(Exception) as raised:
        result.get(timeout=RESULT_TIMEOUT)
    assert type(raised.value).__name__ == "TenantContextMissing"
    assert result.state == "FAILURE"


class _SendSpy:
    """Records each real send (and its AsyncResult) without changing it."""

    def __init__(self, task: Any) -> None:
        self.task = task
        self.original = task.apply_async
        self.results: list[AsyncResult] = []

    def __call__(self, *args: Any, **kwargs: Any) -> AsyncResult:
        result = self.original(*args, **kwargs)
        self.results.append(result)
        return result


def test_enqueue_on_commit_sends_only_after_commit(
    celery_worker: str, tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _SendSpy(tenancy_whoami)
    monkeypatch.setattr(tenancy_whoami, "apply_async", spy)

    with tenant_context(tenant_a.pk):
        enqueue_on_commit(tenancy_whoami)
        time.sleep(0.2)
        assert spy.results == []  # still inside the transaction: nothing sent
    assert len(spy.results) == 1
    assert spy.results[0].get(timeout=RESULT_TIMEOUT) == {
        "context": tenant_a.pk,
        "guc": tenant_a.pk,
    }


def test_enqueue_on_commit_never_sends_when_the_transaction_rolls_back(
    celery_worker: str, tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _SendSpy(tenancy_whoami)
    monkeypatch.setattr(tenancy_whoami, "apply_async", spy)

    with tenant_context(tenant_a.pk):
        enqueue_on_commit(tenancy_whoami)
        transaction.set_rollback(True)
    assert spy.results == []

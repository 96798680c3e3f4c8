"""Tenancy in a real Celery worker (a subprocess, via Redis; not eager mode): tasks run as the
tenant they are given, in its GUC, see only its rows, and refuse to run without one."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.result import AsyncResult
from django.conf import settings
from django.db import transaction

from accounts.models import Tenant, User
from jobmentis.celery import app as celery_app
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.tasks import enqueue_on_commit, tenancy_membership_census, tenancy_whoami

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
RESULT_TIMEOUT = 10


@pytest.fixture(scope="module")
def celery_worker(django_db_setup: None) -> Iterator[str]:
    """A real worker on the test queue; the database it uses is the test database (same
    settings module and environment)."""
    node = f"walls-{uuid.uuid4().hex[:6]}@localhost"
    celery_app.control.purge()  # stale messages of an earlier, aborted run
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jobmentis.settings.test"}
    log = tempfile.NamedTemporaryFile(prefix="walls-worker-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "jobmentis",
        "worker",
        "--pool",
        "solo",
        "-Q",
        settings.CELERY_TASK_DEFAULT_QUEUE,
        "-n",
        node,
        "-l",
        "info",
        "--without-gossip",
        "--without-mingle",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while not celery_app.control.ping(destination=[node], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"Celery worker did not answer ping:\n{Path(log.name).read_text()[-3000:]}"
                )
        yield node
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        Path(log.name).unlink()


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

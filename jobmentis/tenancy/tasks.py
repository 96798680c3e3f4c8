"""Celery side of the tenancy walls.

`tenant_task` tasks take `tenant_id` as an explicit keyword argument and run inside
`tenant_context` (ContextVar + transaction-local GUC). A call without it fails before any query.
Queue them with `enqueue_on_commit` so a worker never sees ids of an uncommitted transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from celery import Task, shared_task
from django.core.cache import cache
from django.db import transaction

from jobmentis.tenancy.context import TenantContextMissing, current_tenant_id, tenant_context

HEARTBEAT_CACHE_KEY = "tenancy:beat-heartbeat"


class TenantTask(Task):
    abstract = True
    autoretry_for: tuple[type[BaseException], ...] = ()
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        tenant_id = kwargs.get("tenant_id")
        if tenant_id is None:
            raise TenantContextMissing(f"Task {self.name} needs an explicit tenant_id keyword.")
        with tenant_context(int(tenant_id)):
            return super().__call__(*args, **kwargs)


def tenant_task(*, name: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
    """Declare a tenant task: `@tenant_task(name="resumes.parse") def f(*, tenant_id, ...)`."""
    options.setdefault("acks_late", True)
    return shared_task(name=name, base=TenantTask, **options)


def enqueue_on_commit(task: Any, /, **kwargs: Any) -> None:
    """Queue a tenant task after the current transaction commits, with the current tenant."""
    tenant_id = kwargs.setdefault("tenant_id", current_tenant_id())
    if tenant_id is None:
        raise TenantContextMissing("enqueue_on_commit needs a tenant in context or tenant_id.")
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))


@tenant_task(name="tenancy.whoami")
def tenancy_whoami(*, tenant_id: int) -> dict[str, int | None]:
    """Reports the tenant the worker actually runs as: ContextVar and the database GUC."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT nullif(current_setting('app.tenant_id', true), '')::bigint")
        (guc,) = cursor.fetchone()
    return {"context": current_tenant_id(), "guc": guc}


@tenant_task(name="tenancy.membership_census")
def tenancy_membership_census(*, tenant_id: int) -> dict[str, Any]:
    """Which memberships a worker can read as `tenant_id`, through the ORM and through raw SQL
    (RLS alone): the walls seen from the worker side."""
    from django.db import connection

    from accounts.models import Membership

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tenant_id FROM accounts_membership ORDER BY tenant_id")
        raw_tenants = [row[0] for row in cursor.fetchall()]
    return {
        "orm_user_ids": sorted(Membership.objects.values_list("user_id", flat=True)),
        "raw_tenant_ids": raw_tenants,
    }


@shared_task(name="tenancy.heartbeat")
def tenancy_heartbeat() -> float:
    """Scheduled by beat every minute; /health/ reads it to report that beat is alive."""
    now = time.time()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=600)
    return now

"""Celery entry points of the privacy engine. They take ids and call one service.

Erasure tasks are plain shared tasks, not tenant tasks: a user is global and their rows may
live in several tenants, and one tenant context per task would forbid reaching the others. The
runner opens one tenant context per step instead (see privacy.erasure); `tenant_id` still names
the tenant that owns the request.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction

from accounts.models import Tenant
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.tasks import enqueue_on_commit, tenant_task

logger = logging.getLogger(__name__)


@tenant_task(name="privacy.export_build", max_retries=3)
def privacy_export_build(*, tenant_id: int, export_id: int) -> None:
    from privacy.emails import export_ready_send
    from privacy.export import export_build

    export = export_build(export_id=export_id)
    transaction.on_commit(lambda: export_ready_send(export=export))


@shared_task(name="privacy.erasure_suspend", acks_late=True)
def privacy_erasure_suspend(*, tenant_id: int, request_id: int) -> None:
    from privacy.services import erasure_suspend

    erasure_suspend(request_id=request_id, tenant_id=tenant_id)


@tenant_task(name="privacy.erasure_cancelled")
def privacy_erasure_cancelled(*, tenant_id: int, request_id: int) -> None:
    from privacy.services import erasure_cancel_apply

    erasure_cancel_apply(request_id=request_id, tenant_id=tenant_id)


@shared_task(bind=True, name="privacy.erasure_run", acks_late=True, max_retries=None)
def privacy_erasure_run(self: Any, *, tenant_id: int, request_id: int) -> str:
    from privacy.erasure import (
        ErasureCancelled,
        ErasureStepError,
        VerificationFailed,
        erasure_run,
    )

    try:
        request = erasure_run(request_id=request_id, tenant_id=tenant_id)
    except (ErasureCancelled, VerificationFailed) as exc:
        logger.warning("erasure %s stopped: %s", request_id, type(exc).__name__)
        return "stopped"
    except ErasureStepError as exc:
        if self.request.retries + 1 >= settings.PRIVACY_STEP_MAX_ATTEMPTS:
            return "failed"
        # Backoff: 10 s, 20 s, 40 s ... capped at 10 minutes.
        raise self.retry(exc=exc, countdown=min(600, 10 * 2**self.request.retries)) from exc
    return str(request.status)


@tenant_task(name="privacy.retention_apply")
def privacy_retention_apply(*, tenant_id: int) -> dict[str, int]:
    from privacy.retention import erasures_due, retention_apply

    results = retention_apply(tenant_scoped=True)
    for request_id in erasures_due():
        enqueue_on_commit(privacy_erasure_run, tenant_id=tenant_id, request_id=request_id)
    return {r.model: r.count for r in results}


@shared_task(name="privacy.retention_sweep")
def privacy_retention_sweep() -> int:
    """Daily (beat): global models here, then one task per tenant."""
    from privacy.retention import retention_apply

    with transaction.atomic():
        retention_apply(tenant_scoped=False)
    tenant_ids = list(Tenant.objects.values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        privacy_retention_apply.apply_async(kwargs={"tenant_id": tenant_id})
    return len(tenant_ids)


def erasure_run_now(*, tenant_id: int, request_id: int) -> None:
    """Queue the runner for one request (staff action, grace period skipped)."""
    with tenant_context(tenant_id):
        enqueue_on_commit(privacy_erasure_run, tenant_id=tenant_id, request_id=request_id)

"""Celery tasks for Job Radar: beat fans out per tenant, then per search / per user.

Tasks take ids, re-fetch, call one service. Refreshes and digests are idempotent (a search
refreshed recently is skipped; a digest is written to an outbox row per user and period and sent
at most once after its commit, see `digest_send`), so a duplicate message is harmless.
"""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from accounts.models import Tenant
from jobmentis.tenancy.tasks import enqueue_on_commit, tenant_task
from jobs.radar.sources.base import SourceError, SourceRateLimited

MAX_RETRIES = 4


@shared_task(name="radar.refresh_fanout")
def radar_refresh_fanout() -> int:
    """Beat: one task per active tenant."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        radar_refresh_tenant.apply_async(kwargs={"tenant_id": tenant_id})
    return len(tenant_ids)


@tenant_task(name="radar.refresh_tenant")
def radar_refresh_tenant(*, tenant_id: int) -> int:
    """One task per due saved search of the tenant."""
    from jobs.radar.services import due_search_ids

    ids = due_search_ids()
    for search_id in ids:
        enqueue_on_commit(radar_refresh_search, search_id=search_id)
    return len(ids)


@tenant_task(name="radar.refresh_search")
def radar_refresh_search(
    *, tenant_id: int, search_id: int, force: bool = False, local: bool = True, attempt: int = 0
) -> str:
    """Refresh one search. A retryable source error (timeout, 5xx, rate limit) queues the next
    attempt after commit rather than raising, so the error recorded on the search (which the
    user sees) is committed instead of rolled back with the task's transaction."""
    from jobs.radar.services import saved_search_refresh

    retry_allowed = attempt < MAX_RETRIES
    try:
        return saved_search_refresh(
            search_id=search_id, force=force, local=local, retry_allowed=retry_allowed
        )
    except SourceError as exc:
        if not (exc.retryable and retry_allowed):
            return f"failed:{exc.code}"
        countdown = exc.retry_after if isinstance(exc, SourceRateLimited) else 30 * 2**attempt
        kwargs = {
            "tenant_id": tenant_id,
            "search_id": search_id,
            "force": True,
            "local": False,
            "attempt": attempt + 1,
        }
        transaction.on_commit(
            lambda: radar_refresh_search.apply_async(
                kwargs=kwargs, countdown=min(max(countdown, 1.0), 900.0)
            )
        )
        return f"retrying:{exc.code}"


@tenant_task(name="radar.rescore_user")
def radar_rescore_user(*, tenant_id: int, user_id: int) -> int:
    from accounts.models import User
    from jobs.radar.services import listing_scores_refresh_for_user

    user = User.objects.filter(pk=user_id).first()
    return 0 if user is None else listing_scores_refresh_for_user(user=user)


@shared_task(name="radar.digest_fanout")
def radar_digest_fanout() -> int:
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        radar_digest_tenant.apply_async(kwargs={"tenant_id": tenant_id})
    return len(tenant_ids)


@tenant_task(name="radar.digest_tenant")
def radar_digest_tenant(*, tenant_id: int) -> int:
    from jobs.radar.services import due_digest_user_ids

    ids = due_digest_user_ids()
    for user_id in ids:
        enqueue_on_commit(radar_digest_send, user_id=user_id)
    return len(ids)


@tenant_task(name="radar.digest_send", autoretry_for=(OSError,), max_retries=3)
def radar_digest_send(*, tenant_id: int, user_id: int) -> int:
    from jobs.radar.services import digest_send

    return digest_send(user_id=user_id)

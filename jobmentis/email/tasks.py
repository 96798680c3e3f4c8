"""Delivery runs here, off the request path. Not a tenant task: the outbox is global (a message
may have no tenant), and the row carries its tenant id for suppression and display."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from jobmentis.email.services import outbox_attempt, outbox_requeue_stale


@shared_task(name="email.deliver", bind=True, acks_late=True, max_retries=None)
def email_deliver(self: Any, *, outbox_id: int) -> str:
    result = outbox_attempt(outbox_id=outbox_id)
    if result.retry_in is not None:
        # The row records the attempt and the error; the retry is a new task message, so a
        # worker restart between attempts loses nothing (the row is still queued).
        raise self.retry(countdown=result.retry_in.total_seconds(), max_retries=None)
    return result.status


@shared_task(name="email.requeue_stale")
def email_requeue_stale() -> int:
    return outbox_requeue_stale()

"""Celery tasks for coaching: take ids, call a service."""

from __future__ import annotations

from jobmentis.tenancy.tasks import tenant_task


@tenant_task(name="coaching.pack_prepare_for_interview")
def pack_prepare_for_interview_task(*, tenant_id: int, interview_id: int) -> int | None:
    from coaching.services import pack_prepare_for_scheduled_interview

    pack = pack_prepare_for_scheduled_interview(interview_id=interview_id)
    return pack.pk if pack is not None else None

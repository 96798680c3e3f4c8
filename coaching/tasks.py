"""Celery tasks for coaching: take ids, call a service."""

from __future__ import annotations

from jobmentis.tenancy.tasks import tenant_task


@tenant_task(name="coaching.pack_prepare_for_interview")
def pack_prepare_for_interview_task(*, tenant_id: int, interview_id: int) -> int | None:
    from coaching.services import pack_prepare_for_scheduled_interview

    pack = pack_prepare_for_scheduled_interview(interview_id=interview_id)
    return pack.pk if pack is not None else None


@tenant_task(name="coaching.letter_write")
def letter_write_task(*, tenant_id: int, letter_id: int) -> str | None:
    from coaching.models import Letter
    from coaching.services import generation_fail, letter_write

    try:
        letter = letter_write(letter_id=letter_id)
    except Exception:
        # Never leave the page waiting forever: failed (the unit given back), then re-raise.
        generation_fail(model=Letter, pk=letter_id)
        raise
    return letter.status if letter is not None else None


@tenant_task(name="coaching.pack_write")
def pack_write_task(*, tenant_id: int, pack_id: int) -> str | None:
    from coaching.models import InterviewPack
    from coaching.services import generation_fail, pack_write

    try:
        pack = pack_write(pack_id=pack_id)
    except Exception:
        generation_fail(model=InterviewPack, pk=pack_id)
        raise
    return pack.status if pack is not None else None

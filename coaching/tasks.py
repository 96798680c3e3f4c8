"""Celery tasks for coaching: take ids, call a service.

A tenant task runs in one transaction (`tenant_context`): an exception escaping the task rolls
everything back. So the write runs in a savepoint, and an unexpected error marks the row failed
(its quota unit given back) and is logged rather than re-raised, which would undo the marking
and leave the page waiting forever.
"""

from __future__ import annotations

import logging

from django.db import transaction

from jobmentis.tenancy.tasks import tenant_task

logger = logging.getLogger(__name__)


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
        with transaction.atomic():
            letter = letter_write(letter_id=letter_id)
    except Exception:
        logger.exception("coaching: writing letter %s failed", letter_id)
        letter = generation_fail(model=Letter, pk=letter_id)
    return letter.status if letter is not None else None


@tenant_task(name="coaching.pack_write")
def pack_write_task(*, tenant_id: int, pack_id: int) -> str | None:
    from coaching.models import InterviewPack
    from coaching.services import generation_fail, pack_write

    try:
        with transaction.atomic():
            pack = pack_write(pack_id=pack_id)
    except Exception:
        logger.exception("coaching: preparing pack %s failed", pack_id)
        pack = generation_fail(model=InterviewPack, pk=pack_id)
    return pack.status if pack is not None else None

"""Celery interface of CV parsing: take ids, call a service (resumes.services)."""

from __future__ import annotations

from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from jobmentis.tenancy.tasks import tenant_task
from resumes.errors import TransientParseError
from resumes.models import Resume
from resumes.services import resume_mark_failed, resume_parse, resume_parse_start

# The sandbox has its own wall-clock limit; these are the backstop for everything around it
# (structured extraction, storage). A soft limit marks the CV failed; the hard one kills.
PARSE_SOFT_TIME_LIMIT = int(getattr(settings, "RESUME_SANDBOX_TIMEOUT", 30)) + 30
PARSE_HARD_TIME_LIMIT = PARSE_SOFT_TIME_LIMIT + 15


@tenant_task(name="resumes.parse_start")
def resume_parse_start_task(*, tenant_id: int, resume_id: int) -> bool:
    return resume_parse_start(resume_id=resume_id)


@tenant_task(
    name="resumes.parse",
    bind=True,
    autoretry_for=(TransientParseError,),
    max_retries=4,
    soft_time_limit=PARSE_SOFT_TIME_LIMIT,
    time_limit=PARSE_HARD_TIME_LIMIT,
)
def resume_parse_task(self: Any, *, tenant_id: int, resume_id: int) -> str | None:
    delivery = getattr(self.request, "delivery_info", None) or {}
    try:
        resume = resume_parse(resume_id=resume_id, redelivered=bool(delivery.get("redelivered")))
    except SoftTimeLimitExceeded:
        resume = _fail(resume_id, "timeout")
    except TransientParseError:
        if self.request.retries >= self.max_retries:
            resume = _fail(resume_id, "engine_unavailable")
        else:
            raise
    return resume.status if resume is not None else None


def _fail(resume_id: int, code: str) -> Resume | None:
    resume = Resume.objects.filter(pk=resume_id).first()
    if resume is None:
        return None
    return resume_mark_failed(resume=resume, code=code)

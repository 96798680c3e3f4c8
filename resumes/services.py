"""Writes for CVs: upload, import, parse, edit, primary, rename, delete.

Parsing is two tasks (resumes.tasks): `resume_parse_start` commits the "reading" status (so the
page's live status can show it) and queues `resume_parse`, which does the work. The work itself
— text from the file (in the bounded sandbox) and structure from the text — is
`resume_parse`; it is idempotent and safe to run twice.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from jobmentis.tenancy.context import require_tenant_id
from jobmentis.tenancy.tasks import enqueue_on_commit
from resumes import jsonresume
from resumes.errors import ParseFailed, ResumeError, TooManyPages, TransientParseError
from resumes.models import MatchScore, Resume
from resumes.sandbox import run_sandboxed
from resumes.scoring import score_match
from resumes.validation import ValidatedFile

logger = logging.getLogger(__name__)

TITLE_MAX = 120


def _title_from(filename: str, fallback: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = " ".join(stem.replace("_", " ").split())
    return (stem or fallback)[:TITLE_MAX]


def _user_has_primary(user: User) -> bool:
    return Resume.objects.filter(user=user, is_primary=True).exists()


def _enqueue_parse(resume: Resume) -> None:
    from resumes.tasks import resume_parse_start_task

    enqueue_on_commit(resume_parse_start_task, resume_id=resume.pk)


def resume_upload(
    *, user: User, upload: ValidatedFile, original_filename: str, title: str = ""
) -> Resume:
    """Store a validated CV file and queue its parsing. Nothing is left behind on failure."""
    resume = Resume(
        user=user,
        title=(title.strip() or _title_from(original_filename, "CV"))[:TITLE_MAX],
        kind=upload.kind,
        original_filename=original_filename[:255],
        size=upload.size,
        sha256=upload.sha256,
        page_count=upload.page_count,
        status=Resume.Status.UPLOADED,
    )
    # The storage path needs the tenant before the row is saved.
    resume.tenant_id = require_tenant_id()
    stored = ""
    try:
        with transaction.atomic():
            resume.is_primary = not _user_has_primary(user)
            resume.file.save(f"cv.{upload.extension}", ContentFile(upload.content), save=False)
            stored = resume.file.name or ""
            resume.save()
            _enqueue_parse(resume)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return resume


@transaction.atomic
def resume_import_json(
    *, user: User, data: dict[str, Any], original_filename: str, title: str = ""
) -> Resume:
    """A CV record from an imported JSON Resume: no file, already structured."""
    data = jsonresume.normalise(data)
    fallback = data["basics"]["name"] or "CV"
    return Resume.objects.create(
        user=user,
        title=(title.strip() or _title_from(original_filename, fallback))[:TITLE_MAX],
        kind=Resume.Kind.JSON,
        original_filename=original_filename[:255],
        is_primary=not _user_has_primary(user),
        status=Resume.Status.PARSED,
        parse_engine="import",
        parsed_at=timezone.now(),
        parsed_data=data,
    )


# --- parsing -----------------------------------------------------------------------------------


def resume_parse_start(*, resume_id: int) -> bool:
    """Mark a queued CV as being read and queue the work. False if there is nothing to do."""
    from resumes.tasks import resume_parse_task

    resume = Resume.objects.select_for_update().filter(pk=resume_id).first()
    if resume is None or resume.status != Resume.Status.UPLOADED:
        return False
    resume.status = Resume.Status.EXTRACTING
    resume.parse_attempts += 1
    resume.parse_started_at = timezone.now()
    resume.save(update_fields=["status", "parse_attempts", "parse_started_at", "updated_at"])
    enqueue_on_commit(resume_parse_task, resume_id=resume.pk)
    return True


def resume_parse(
    *, resume_id: int, redelivered: bool = False, provider: str | None = None
) -> Resume | None:
    """Read the CV's file into text and structured data. Idempotent: a parsed CV is left alone.

    Our ResumeErrors mark the CV failed with their code (the user sees the message and may
    retry); TransientParseError propagates so the task retries with backoff.
    """
    # skip_locked: a second delivery of the same task while the first still runs does nothing.
    resume = Resume.objects.select_for_update(skip_locked=True).filter(pk=resume_id).first()
    if resume is None or resume.status in (Resume.Status.PARSED, Resume.Status.FAILED):
        return resume
    if redelivered and resume.status == Resume.Status.EXTRACTING:
        # The previous run died mid-way (worker killed: hard time limit, OOM). Do not feed the
        # same file to another worker automatically; the user can retry.
        return resume_mark_failed(resume=resume, code="timeout")
    if not resume.file:
        return resume_mark_failed(resume=resume, code="internal")
    try:
        # A savepoint: whatever fails inside leaves the task's transaction usable for the
        # failure status below.
        with transaction.atomic():
            text, pages = _file_text(resume)
            data, engine = resume_structure(text=text, user_id=resume.user_id, provider=provider)
            resume.extracted_text = text
            resume.page_count = pages or resume.page_count
            resume.parsed_data = data
            resume.parse_engine = engine
            resume.status = Resume.Status.PARSED
            resume.error_code = ""
            resume.parsed_at = timezone.now()
            resume.save(
                update_fields=[
                    "extracted_text",
                    "page_count",
                    "parsed_data",
                    "parse_engine",
                    "status",
                    "error_code",
                    "parsed_at",
                    "updated_at",
                ]
            )
    except TransientParseError:
        raise
    except ResumeError as exc:
        logger.info("CV %s failed to parse: %s", resume.pk, exc.code)
        return resume_mark_failed(resume=resume, code=exc.code, pages=exc.params.get("pages"))
    return resume


def _file_text(resume: Resume) -> tuple[str, int | None]:
    from django.conf import settings

    with resume.file.open("rb") as handle:
        content = handle.read(int(settings.RESUME_MAX_BYTES) + 1)
    operation = "extract_pdf" if resume.kind == Resume.Kind.PDF else "extract_docx"
    answer = run_sandboxed(operation, content)
    text = str(answer.get("text") or "")
    pages = answer.get("pages")
    pages = pages if isinstance(pages, int) and pages > 0 else None
    max_pages = int(settings.RESUME_MAX_PAGES)
    if pages is not None and pages > max_pages:
        raise TooManyPages(pages=pages, max=max_pages)
    if len(text.strip()) < 20:
        raise ParseFailed("no_text")
    return text, pages


def resume_structure(
    *, text: str, user_id: int | None = None, provider: str | None = None
) -> tuple[dict[str, Any], str]:
    """JSON Resume data from CV text, and the engine that produced it (AI layer, "cv.extract";
    the local engine by default)."""
    from resumes.structuring import cv_extract

    return cv_extract(text=text, user_id=user_id, provider=provider)


def resume_mark_failed(*, resume: Resume, code: str, pages: int | None = None) -> Resume:
    resume.status = Resume.Status.FAILED
    resume.error_code = code[:40]
    fields = ["status", "error_code", "updated_at"]
    if pages:
        resume.page_count = pages
        fields.append("page_count")
    resume.save(update_fields=fields)
    return resume


def resume_retry(*, resume: Resume) -> Resume:
    """Queue a failed (or stuck) CV for parsing again (the user pressed Retry)."""
    if not resume.can_retry:
        return resume
    resume.status = Resume.Status.UPLOADED
    resume.error_code = ""
    resume.save(update_fields=["status", "error_code", "updated_at"])
    _enqueue_parse(resume)
    return resume


# --- the user's changes --------------------------------------------------------------------------


@transaction.atomic
def resume_save_edits(*, resume: Resume, data: dict[str, Any]) -> Resume:
    resume.edited_data = jsonresume.normalise(data)
    resume.save(update_fields=["edited_data", "updated_at"])
    return resume


@transaction.atomic
def resume_discard_edits(*, resume: Resume) -> Resume:
    resume.edited_data = None
    resume.save(update_fields=["edited_data", "updated_at"])
    return resume


@transaction.atomic
def resume_set_primary(*, user: User, resume: Resume) -> Resume:
    # Lock the user's CVs so two concurrent switches cannot both clear and set.
    list(Resume.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
    Resume.objects.filter(user=user, is_primary=True).exclude(pk=resume.pk).update(
        is_primary=False, updated_at=timezone.now()
    )
    if not resume.is_primary:
        resume.is_primary = True
        resume.save(update_fields=["is_primary", "updated_at"])
    return resume


@transaction.atomic
def resume_rename(*, resume: Resume, title: str) -> Resume:
    resume.title = title.strip()[:TITLE_MAX] or resume.title
    resume.save(update_fields=["title", "updated_at"])
    return resume


@transaction.atomic
def resume_delete(*, user: User, resume: Resume) -> None:
    """Delete a CV and its file; the newest remaining CV becomes primary if this one was."""
    name = resume.file.name or "" if resume.file else ""
    was_primary = resume.is_primary
    resume.delete()
    if was_primary:
        successor = Resume.objects.filter(user=user).order_by("-created_at", "-id").first()
        if successor is not None:
            successor.is_primary = True
            successor.save(update_fields=["is_primary", "updated_at"])
    if name:
        # After commit only: a rolled-back delete must keep its file.
        transaction.on_commit(lambda: default_storage.delete(name))


def match_score_create(
    *, user: User, resume: Resume, job_description: str, job_title: str = ""
) -> MatchScore:
    """Score the CV's current data (the user's edit if any) against a job description and keep
    the result. Synchronous: the engine is local and takes milliseconds."""
    result = score_match(
        resume.data or {},
        job_description,
        today=timezone.localdate(),
        job_title=job_title,
    )
    breakdown = result.to_dict()
    return MatchScore.objects.create(
        resume=resume,
        user=user,
        job_title=result.job_title,
        job_description=job_description,
        score=result.score,
        breakdown=breakdown,
        missing_keywords=list(result.missing_keywords),
        engine_version=result.engine_version,
    )

"""Writes for CVs: upload, import, parse, edit, primary, rename, delete, match scores, and
optimised versions (optimise for a job, decide on suggestions, save/rename/delete versions).

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
from resumes.models import MatchScore, Optimisation, Resume, ResumeVersion
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


# --- optimised versions --------------------------------------------------------------------------


class OptimisationUnavailable(Exception):
    """No optimisation could be made (every AI provider failed); nothing was recorded."""


class QuotaReached(Exception):
    """The user's plan allows no more optimisations now; `upgrade_url` says where to get more."""

    def __init__(self, message: str = "", upgrade_url: str = "") -> None:
        super().__init__(message)
        self.upgrade_url = upgrade_url


class ConfirmationRequired(Exception):
    """A flagged suggestion (it states something the CV does not) was accepted unconfirmed."""


def _entitlement_consume(*, user: User, feature: str) -> None:
    """THE call site of billing's quota for CV optimisations.

    Billing (app label "billing") provides `billing.entitlements.entitlement_consume`; until
    that module exists on a deployment, optimisations are not metered. Imported by name so
    this app does not depend on billing at import time.
    """
    import importlib

    try:
        entitlements = importlib.import_module("billing.entitlements")
    except ModuleNotFoundError:
        return
    try:
        entitlements.entitlement_consume(user=user, tenant=_current_tenant(), feature=feature)
    except entitlements.QuotaExceeded as exc:
        raise QuotaReached(str(exc), getattr(exc, "upgrade_url", "") or "") from exc


def _current_tenant() -> Any:
    from accounts.models import Tenant

    return Tenant.objects.get(pk=require_tenant_id())


def optimisation_create(
    *,
    user: User,
    resume: Resume,
    job_description: str,
    job_title: str = "",
    match: MatchScore | None = None,
    provider: str | None = None,
) -> Optimisation:
    """Suggestions to tailor the CV's current data to a job, through the AI layer (feature
    "cv_optimisation"; the local engine by default), each checked for fabrication.

    One optimisation = one quota unit (billing) and one successful AI usage event; if every
    provider fails, the transaction is rolled back (no quota spent, no usage rows) and
    OptimisationUnavailable is raised. Raises QuotaReached when the plan's limit is reached.
    """
    from jobmentis.ai.exceptions import AIError, AIProcessingRestricted
    from jobmentis.ai.services import ai_complete
    from resumes.optimisation import FEATURE
    from resumes.optimisation.engine import optimise_request
    from resumes.optimisation.suggestions import clean_suggestions

    source = jsonresume.normalise(resume.data)
    request = optimise_request(data=source, job_description=job_description, job_title=job_title)
    with transaction.atomic():
        _entitlement_consume(user=user, feature=FEATURE)
        try:
            result = ai_complete(request=request, user_id=user.pk, provider=provider)
        except AIProcessingRestricted:
            raise  # the view explains it; the quota unit is rolled back with the transaction
        except AIError as exc:
            # Rolled back with the quota unit: the failed attempts stay in the AI layer's log
            # lines, and the user is not charged for an optimisation they did not get.
            logger.info("CV %s: optimisation failed: %s", resume.pk, type(exc).__name__)
            raise OptimisationUnavailable() from exc
        return Optimisation.objects.create(
            resume=resume,
            user=user,
            match=match,
            job_title=job_title.strip()[:120],
            job_description=job_description,
            provider=result.provider,
            model_name=result.model[:100],
            source_data=source,
            suggestions=clean_suggestions(source, result.data.get("suggestions")),
        )


@transaction.atomic
def optimisation_decide(
    *, optimisation: Optimisation, suggestion_id: str, decision: str, confirmed: bool = False
) -> dict[str, Any] | None:
    """Record the user's decision on one suggestion; returns it (None if there is no such
    suggestion). Accepting a flagged suggestion needs `confirmed` (ConfirmationRequired)."""
    from resumes.optimisation.suggestions import DECISIONS

    if decision not in DECISIONS:
        raise ValueError(f"Unknown decision {decision!r}.")
    locked = Optimisation.objects.select_for_update().get(pk=optimisation.pk)
    suggestions = locked.suggestions if isinstance(locked.suggestions, list) else []
    for entry in suggestions:
        if isinstance(entry, dict) and entry.get("id") == suggestion_id:
            if decision == "accepted" and entry.get("flags") and not confirmed:
                raise ConfirmationRequired()
            entry["decision"] = decision
            entry["confirmed"] = bool(confirmed and entry.get("flags"))
            locked.suggestions = suggestions
            locked.save(update_fields=["suggestions", "updated_at"])
            optimisation.suggestions = suggestions
            return dict(entry)
    return None


@transaction.atomic
def version_create(*, user: User, optimisation: Optimisation, name: str) -> ResumeVersion:
    """Save the optimisation's accepted suggestions, applied to its source data, as a named
    version. The CV itself is not touched."""
    from resumes.optimisation.suggestions import ACCEPTED, suggestions_apply

    suggestions = [s for s in optimisation.suggestions or [] if isinstance(s, dict)]
    source = jsonresume.normalise(optimisation.source_data)
    data = jsonresume.normalise(suggestions_apply(source, suggestions))
    return ResumeVersion.objects.create(
        resume_id=optimisation.resume_id,
        user=user,
        optimisation=optimisation,
        name=name.strip()[:TITLE_MAX] or optimisation.job_title or "CV",
        job_title=optimisation.job_title,
        data=data,
        applied_count=sum(1 for s in suggestions if s.get("decision") == ACCEPTED),
    )


@transaction.atomic
def version_rename(*, version: ResumeVersion, name: str) -> ResumeVersion:
    version.name = name.strip()[:TITLE_MAX] or version.name
    version.save(update_fields=["name", "updated_at"])
    return version


@transaction.atomic
def version_delete(*, version: ResumeVersion) -> None:
    version.delete()

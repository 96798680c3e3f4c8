"""Writes for coaching: letters and their versions, interview packs, stories, practice, and the
career coach's conversations. Every generation goes through the AI layer (the local engine by
default), records provider, model and prompt version, and takes one unit of the plan's quota in
the same transaction (a failed generation gives the unit back with the rollback). Letters and
packs asked for from a page are written by a Celery worker: `letter_start`/`pack_start` check,
take the unit and queue; `letter_write`/`pack_write` fill the row, or mark it failed and give
the unit back (`generation_fail`).

Precondition for every function: the request's (or task's) tenant in context.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone, translation

from accounts.models import Tenant, User
from coaching.engine import coach as coach_engine
from coaching.engine import interviews as interview_engine
from coaching.engine import letters as letter_engine
from coaching.grounding import grounding_flags
from coaching.models import (
    UNTITLED,
    Conversation,
    Generation,
    InterviewPack,
    Letter,
    LetterVersion,
    Message,
    PracticeAttempt,
    Story,
)
from jobmentis.ai.exceptions import AIError
from jobmentis.tenancy.context import require_tenant_id
from jobmentis.tenancy.tasks import enqueue_on_commit
from jobs.models import Application, Interview
from privacy.consent.interfaces import ai_processing_restricted
from resumes.models import Resume, ResumeVersion

logger = logging.getLogger(__name__)


class QuotaReached(Exception):
    """The plan allows no more of this now; `message` is friendly, `upgrade_url` the way out."""

    def __init__(self, message: str, upgrade_url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.upgrade_url = upgrade_url


class AIRestricted(Exception):
    """The user restricted AI processing of their data (privacy settings)."""


class CoachUnavailable(Exception):
    """Every AI provider failed; nothing was recorded and no quota was used."""


class RateLimited(Exception):
    """Too many AI requests from this user in the last minute (bursts, scripts)."""


# --- seams ------------------------------------------------------------------------------------


def _ai_restricted(user: User, tenant: Tenant) -> bool:
    """True when the user has restricted AI processing (Data & Privacy)."""
    return ai_processing_restricted(user=user, tenant=tenant)


def ai_check_allowed(*, user: User, tenant: Tenant) -> None:
    """Before any generation: the user's privacy choice, then a per-minute burst limit (the
    plan's quota bounds the month; this bounds scripts and double clicks)."""
    if _ai_restricted(user, tenant):
        raise AIRestricted()
    from django.conf import settings
    from django.core.cache import cache

    window = int(timezone.now().timestamp() // 60)
    key = f"coaching:ai:{tenant.pk}:{user.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > int(settings.COACHING_AI_REQUESTS_PER_MINUTE):
        raise RateLimited()


def _consume(*, user: User, tenant: Tenant, feature: str) -> None:
    from billing.entitlements import QuotaExceeded, entitlement_consume

    try:
        entitlement_consume(user=user, tenant=tenant, feature=feature)
    except QuotaExceeded as exc:
        raise QuotaReached(exc.message, exc.upgrade_url) from exc


def _complete(request: Any, *, user: User) -> Any:
    from jobmentis.ai.services import ai_complete

    try:
        return ai_complete(request=request, user_id=user.pk)
    except AIError as exc:
        logger.info("coaching: %s failed: %s", request.feature, type(exc).__name__)
        raise CoachUnavailable() from exc


# --- letters ------------------------------------------------------------------------------------


def _local_date(interview: Interview | None, language: str = "en") -> str:
    """The interview's day in its own time zone, written in `language` ("14 March 2031",
    "14 marzo 2031", "14 mars 2031")."""
    from django.utils import translation
    from django.utils.formats import date_format

    if interview is None:
        return ""
    try:
        zone = ZoneInfo(interview.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    with translation.override(language):
        return str(date_format(timezone.localtime(interview.starts_at, zone), "j F Y"))


def _grounding_context(letter: Letter) -> list[str]:
    interview = letter.interview
    return [
        letter.company,
        letter.job_title,
        interview.interviewers if interview else "",
        _local_date(interview, letter.language),
    ]


def letter_flags(*, letter: Letter, cv_data: dict[str, Any] | None, text: str) -> list[Any]:
    return grounding_flags(cv_data=cv_data or {}, text=text, context=_grounding_context(letter))


def letter_cv_data(*, letter: Letter) -> dict[str, Any]:
    if letter.resume_version is not None:
        return dict(letter.resume_version.data or {})
    if letter.resume is not None and letter.resume.data is not None:
        return dict(letter.resume.data)
    return {}


def _letter_row(
    *,
    user: User,
    kind: str,
    resume: Resume,
    resume_version: ResumeVersion | None,
    application: Application | None,
    interview: Interview | None,
    company: str,
    job_title: str,
    job_description: str,
    tone: str,
    length: str,
    language: str,
    status: str,
) -> Letter:
    """An unsaved letter with its brief (the application fills what the user left empty)."""
    if kind not in Letter.Kind.values:
        raise ValueError(f"Unknown letter kind {kind!r}")
    if application is not None:
        company = company or application.company
        job_title = job_title or application.title
        job_description = job_description or application.description
    return Letter(
        user=user,
        kind=kind,
        application=application,
        interview=interview,
        resume=resume,
        resume_version=resume_version,
        company=company.strip()[:160],
        job_title=job_title.strip()[:200],
        job_description=job_description,
        tone=tone,
        length=length,
        language=language,
        status=status,
    )


def _letter_request(letter: Letter, cv_data: dict[str, Any]) -> Any:
    interview = letter.interview
    options = {
        "kind": letter.kind,
        "company": letter.company,
        "job_title": letter.job_title,
        "tone": letter.tone,
        "length": letter.length,
        "language": letter.language,
        "candidate_name": _candidate_name(letter.user, cv_data),
        "interviewers": interview.interviewers if interview else "",
        "interview_date": _local_date(interview, letter.language),
    }
    return letter_engine.letter_request(
        cv_data=cv_data, job_description=letter.job_description, options=options
    )


def _letter_version_from(
    letter: Letter, cv_data: dict[str, Any], result: Any, *, number: int = 1
) -> LetterVersion:
    body = str(result.data.get("body") or "").strip()
    return LetterVersion.objects.create(
        letter=letter,
        number=number,
        source=LetterVersion.Source.GENERATED,
        subject=str(result.data.get("subject") or "")[:200],
        body=body,
        flags=letter_flags(letter=letter, cv_data=cv_data, text=body),
        provider=result.provider,
        model_name=result.model[:100],
        prompt_version=letter_engine.PROMPT_VERSION,
    )


@transaction.atomic
def letter_generate(
    *,
    user: User,
    tenant: Tenant,
    kind: str,
    resume: Resume,
    cv_data: dict[str, Any],
    resume_version: ResumeVersion | None = None,
    application: Application | None = None,
    interview: Interview | None = None,
    company: str = "",
    job_title: str = "",
    job_description: str = "",
    tone: str = "formal",
    length: str = "standard",
    language: str = "en",
) -> Letter:
    """Write a new letter (version 1) now, in this transaction. One `cover_letter` quota unit;
    AIRestricted, QuotaReached or CoachUnavailable when it cannot. Pages use `letter_start`
    (the writing happens in a worker)."""
    letter = _letter_row(
        user=user,
        kind=kind,
        resume=resume,
        resume_version=resume_version,
        application=application,
        interview=interview,
        company=company,
        job_title=job_title,
        job_description=job_description,
        tone=tone,
        length=length,
        language=language,
        status=Generation.READY,
    )
    ai_check_allowed(user=user, tenant=tenant)
    request = _letter_request(letter, cv_data)
    _consume(user=user, tenant=tenant, feature="cover_letter")
    result = _complete(request, user=user)
    letter.save()
    _letter_version_from(letter, cv_data, result)
    return letter


@transaction.atomic
def letter_start(
    *,
    user: User,
    tenant: Tenant,
    kind: str,
    resume: Resume,
    resume_version: ResumeVersion | None = None,
    application: Application | None = None,
    interview: Interview | None = None,
    company: str = "",
    job_title: str = "",
    job_description: str = "",
    tone: str = "formal",
    length: str = "standard",
    language: str = "en",
) -> Letter:
    """Record a letter to write and queue the writing (`letter_write` in a worker). The checks
    and the `cover_letter` quota unit happen now, so a refusal (AIRestricted, RateLimited,
    QuotaReached) is immediate; a provider failure later marks the letter failed and gives
    the unit back."""
    from coaching.tasks import letter_write_task

    letter = _letter_row(
        user=user,
        kind=kind,
        resume=resume,
        resume_version=resume_version,
        application=application,
        interview=interview,
        company=company,
        job_title=job_title,
        job_description=job_description,
        tone=tone,
        length=length,
        language=language,
        status=Generation.GENERATING,
    )
    ai_check_allowed(user=user, tenant=tenant)
    _consume(user=user, tenant=tenant, feature="cover_letter")
    letter.queued_at = timezone.now()
    letter.save()
    enqueue_on_commit(letter_write_task, letter_id=letter.pk)
    return letter


def letter_write(*, letter_id: int) -> Letter | None:
    """The worker's half of `letter_start`: write the letter's text. Idempotent: a letter that
    is not being generated (written already, failed, deleted) is left alone, so a redelivered
    task is harmless. The AI call happens outside any lock; the result is saved only if the
    letter is still waiting for it."""
    letter = (
        Letter.objects.select_related("user", "interview", "resume", "resume_version")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None or letter.status != Generation.GENERATING:
        return letter
    cv_data = letter_cv_data(letter=letter)
    try:
        result = _complete(_letter_request(letter, cv_data), user=letter.user)
    except CoachUnavailable:
        return generation_fail(model=Letter, pk=letter_id)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().filter(pk=letter_id).first()
        if locked is None or locked.status != Generation.GENERATING:
            return locked
        locked.user = letter.user
        locked.interview = letter.interview
        newest = LetterVersion.objects.filter(letter=locked).order_by("-number").first()
        _letter_version_from(locked, cv_data, result, number=(newest.number if newest else 0) + 1)
        locked.status = Generation.READY
        locked.save(update_fields=["status", "updated_at"])
    return locked


_FEATURE = {"coaching.letter": "cover_letter", "coaching.interviewpack": "interview_pack"}


def generation_fail(*, model: type[Letter] | type[InterviewPack], pk: int) -> Any:
    """Mark a generating letter or pack failed and give its quota unit back (once: a row that
    is no longer generating is left alone)."""
    from billing.entitlements import entitlement_release

    with transaction.atomic():
        locked = model.objects.select_for_update().filter(pk=pk).first()
        if locked is None or locked.status != Generation.GENERATING:
            return locked
        locked.status = Generation.FAILED
        locked.save(update_fields=["status"])
        entitlement_release(
            user=User.objects.get(pk=locked.user_id),
            tenant=Tenant.objects.get(pk=require_tenant_id()),
            feature=_FEATURE[model._meta.label_lower],
        )
    return locked


@transaction.atomic
def letter_retry(*, letter: Letter, user: User, tenant: Tenant) -> Letter:
    """Queue a failed letter again (the same checks and quota unit as `letter_start`), or a
    stale one whose task was lost (queued again on the unit it already holds)."""
    from coaching.tasks import letter_write_task

    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.status == Generation.FAILED:
        ai_check_allowed(user=user, tenant=tenant)
        _consume(user=user, tenant=tenant, feature="cover_letter")
    elif not locked.is_stale:
        return locked
    locked.status = Generation.GENERATING
    locked.queued_at = timezone.now()
    locked.save(update_fields=["status", "queued_at", "updated_at"])
    enqueue_on_commit(letter_write_task, letter_id=locked.pk)
    return locked


def _candidate_name(user: User, cv_data: dict[str, Any]) -> str:
    from accounts.selectors import profile_for_user

    basics = cv_data.get("basics") if isinstance(cv_data.get("basics"), dict) else {}
    name = str((basics or {}).get("name") or "").strip()
    if name:
        return name
    profile = profile_for_user(user=user)
    return profile.full_name if profile is not None else ""


@transaction.atomic
def letter_edit(*, letter: Letter, subject: str, body: str) -> LetterVersion:
    """Save the user's text as a new version (older versions stay); unchanged text is a no-op
    that returns the current version."""
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    current = LetterVersion.objects.filter(letter=locked).order_by("-number").first()
    body = body.strip()
    if current is not None and current.body == body and current.subject == subject.strip():
        return current
    version = LetterVersion.objects.create(
        letter=locked,
        number=(current.number if current else 0) + 1,
        source=LetterVersion.Source.EDITED,
        subject=subject.strip()[:200],
        body=body,
        flags=letter_flags(letter=letter, cv_data=letter_cv_data(letter=letter), text=body),
    )
    locked.save(update_fields=["updated_at"])
    return version


@transaction.atomic
def letter_restore(*, letter: Letter, version: LetterVersion) -> LetterVersion:
    """Make an older version current again (as a new version: history is never rewritten)."""
    return letter_edit(letter=letter, subject=version.subject, body=version.body)


@transaction.atomic
def letter_attach(*, letter: Letter, user: User) -> Application:
    """Copy the letter's current text onto its application's cover-letter slot (through the
    tracker's service, which records it on the timeline)."""
    from jobs.services import application_update

    if letter.application is None:
        raise ValueError("This letter is not linked to an application.")
    current = LetterVersion.objects.filter(letter=letter).order_by("-number").first()
    if current is None:
        raise ValueError("This letter has no text yet.")
    application = application_update(
        application=letter.application, user=user, data={"cover_letter": current.body}
    )
    letter.attached_at = timezone.now()
    letter.save(update_fields=["attached_at", "updated_at"])
    return application


def letter_delete(*, letter: Letter) -> None:
    letter.delete()


def letter_export(*, letter: Letter, version: LetterVersion, fmt: str) -> bytes:
    from coaching.export import render_docx, render_pdf

    if fmt == "docx":
        return render_docx(subject=version.subject, body=version.body, language=letter.language)
    if fmt == "pdf":
        return render_pdf(subject=version.subject, body=version.body, language=letter.language)
    raise ValueError(f"Unknown export format {fmt!r}")


# --- stories ------------------------------------------------------------------------------------

STORY_FIELDS = ("title", "situation", "task", "action", "result", "skills")


def story_create(*, user: User, data: dict[str, Any]) -> Story:
    return Story.objects.create(user=user, **{k: data.get(k, "") for k in STORY_FIELDS})


def story_update(*, story: Story, data: dict[str, Any]) -> Story:
    for field in STORY_FIELDS:
        setattr(story, field, data.get(field, ""))
    story.save()
    return story


def story_delete(*, story: Story) -> None:
    story.delete()


# --- interview packs and practice -----------------------------------------------------------------


def _pack_request(
    *,
    user: User,
    application: Application,
    interview: Interview | None,
    cv_data: dict[str, Any],
) -> Any:
    stories = [
        {
            "title": s.title,
            "situation": s.situation,
            "task": s.task,
            "action": s.action,
            "result": s.result,
            "skills": s.skills,
        }
        for s in Story.objects.filter(user=user).order_by("title", "id")[:30]
    ]
    context = {
        "company": application.company,
        "job_title": application.title,
        "interview_kind": interview.get_kind_display() if interview else "",
        "stories": stories,
    }
    return interview_engine.pack_request(
        cv_data=cv_data, job_description=application.description, context=context
    )


def _pack_fields(result: Any) -> dict[str, Any]:
    questions = []
    for index, entry in enumerate(result.data.get("questions") or [], start=1):
        if isinstance(entry, dict):
            questions.append({**entry, "id": f"q{index}"})
    return {
        "questions": questions,
        "questions_to_ask": [str(q) for q in result.data.get("questions_to_ask") or []],
        "provider": result.provider,
        "model_name": result.model[:100],
        "prompt_version": interview_engine.PACK_PROMPT_VERSION,
    }


@transaction.atomic
def pack_generate(
    *,
    user: User,
    tenant: Tenant,
    application: Application,
    interview: Interview | None = None,
    resume: Resume | None = None,
    cv_data: dict[str, Any] | None = None,
) -> InterviewPack:
    """A preparation pack for an interview (or the application on demand), written now in this
    transaction. One `interview_pack` quota unit. Pages use `pack_start` (a worker writes)."""
    ai_check_allowed(user=user, tenant=tenant)
    if resume is None:
        resume = _default_resume(user=user, application=application)
    if cv_data is None:
        cv_data = dict(resume.data or {}) if resume is not None else {}
    request = _pack_request(
        user=user, application=application, interview=interview, cv_data=cv_data
    )
    _consume(user=user, tenant=tenant, feature="interview_pack")
    result = _complete(request, user=user)
    return InterviewPack.objects.create(
        user=user,
        application=application,
        interview=interview,
        resume=resume,
        status=Generation.READY,
        **_pack_fields(result),
    )


@transaction.atomic
def pack_start(
    *,
    user: User,
    tenant: Tenant,
    application: Application,
    interview: Interview | None = None,
) -> InterviewPack:
    """Record a pack to prepare and queue it (`pack_write` in a worker). Checks and the
    `interview_pack` quota unit happen now; a provider failure later marks the pack failed
    and gives the unit back."""
    from coaching.tasks import pack_write_task

    ai_check_allowed(user=user, tenant=tenant)
    resume = _default_resume(user=user, application=application)
    _consume(user=user, tenant=tenant, feature="interview_pack")
    pack = InterviewPack.objects.create(
        user=user,
        application=application,
        interview=interview,
        resume=resume,
        status=Generation.GENERATING,
        queued_at=timezone.now(),
    )
    enqueue_on_commit(pack_write_task, pack_id=pack.pk)
    return pack


def pack_write(*, pack_id: int) -> InterviewPack | None:
    """The worker's half of `pack_start`; idempotent like `letter_write`."""
    pack = (
        InterviewPack.objects.select_related("user", "application", "interview", "resume")
        .filter(pk=pack_id)
        .first()
    )
    if pack is None or pack.status != Generation.GENERATING:
        return pack
    cv_data = dict(pack.resume.data or {}) if pack.resume is not None else {}
    request = _pack_request(
        user=pack.user, application=pack.application, interview=pack.interview, cv_data=cv_data
    )
    try:
        result = _complete(request, user=pack.user)
    except CoachUnavailable:
        return generation_fail(model=InterviewPack, pk=pack_id)
    with transaction.atomic():
        locked = InterviewPack.objects.select_for_update().filter(pk=pack_id).first()
        if locked is None or locked.status != Generation.GENERATING:
            return locked
        for field, value in _pack_fields(result).items():
            setattr(locked, field, value)
        locked.status = Generation.READY
        locked.save()
    return locked


@transaction.atomic
def pack_retry(*, pack: InterviewPack, user: User, tenant: Tenant) -> InterviewPack:
    """Queue a failed pack again (the same checks and quota unit as `pack_start`), or a stale
    one whose task was lost (on the unit it already holds)."""
    from coaching.tasks import pack_write_task

    locked = InterviewPack.objects.select_for_update().get(pk=pack.pk)
    if locked.status == Generation.FAILED:
        ai_check_allowed(user=user, tenant=tenant)
        _consume(user=user, tenant=tenant, feature="interview_pack")
    elif not locked.is_stale:
        return locked
    locked.status = Generation.GENERATING
    locked.queued_at = timezone.now()
    locked.save(update_fields=["status", "queued_at"])
    enqueue_on_commit(pack_write_task, pack_id=locked.pk)
    return locked


def _default_resume(*, user: User, application: Application) -> Resume | None:
    if application.resume_id:
        resume = Resume.objects.filter(user=user, pk=application.resume_id).first()
        if resume is not None and resume.data is not None:
            return resume
    return (
        Resume.objects.filter(user=user, status=Resume.Status.PARSED)
        .order_by("-is_primary", "-created_at", "-id")
        .first()
    )


@transaction.atomic
def practice_submit(
    *, user: User, tenant: Tenant, pack: InterviewPack, question_id: str, answer: str
) -> PracticeAttempt:
    """Score a typed answer against the rubric; the attempt is kept. Practice is part of the
    pack the user already paid a unit for: it takes no quota of its own."""
    ai_check_allowed(user=user, tenant=tenant)
    question = pack.question(question_id)
    if question is None:
        raise ValueError("No such question in this pack.")
    request = interview_engine.practice_request(
        question=str(question.get("question") or ""),
        answer=answer,
        job_description=pack.application.description,
    )
    result = _complete(request, user=user)
    scores = {
        key: max(0, min(5, int(result.data["scores"].get(key, 0))))
        for key in ("structure", "relevance", "evidence", "length")
    }
    return PracticeAttempt.objects.create(
        user=user,
        pack=pack,
        question_id=question_id,
        question=str(question.get("question") or ""),
        answer=answer,
        scores=scores,
        total=round(sum(scores.values()) / 20 * 100),
        suggestions=[str(s) for s in result.data.get("suggestions") or []][:8],
        provider=result.provider,
        model_name=result.model[:100],
        prompt_version=interview_engine.PRACTICE_PROMPT_VERSION,
    )


# --- the career coach ----------------------------------------------------------------------------


def conversation_create(*, user: User, title: str = "") -> Conversation:
    return Conversation.objects.create(user=user, title=(title.strip() or UNTITLED)[:120])


def conversation_rename(*, conversation: Conversation, title: str) -> Conversation:
    conversation.title = title.strip()[:120] or conversation.title
    conversation.save(update_fields=["title", "updated_at"])
    return conversation


def conversation_delete(*, conversation: Conversation) -> None:
    conversation.delete()


def coach_context(*, user: User) -> dict[str, Any]:
    """What the coach knows about the user — shown to them in the context panel, and sent to
    the AI layer as an untrusted document. Only this user's rows (the selectors filter by
    user; the tenant manager and RLS by tenant)."""
    from accounts.selectors import profile_for_user
    from coaching.engine.common import cv_text as cv_text_of
    from coaching.engine.common import skills_in
    from jobs.models import Status
    from jobs.selectors import dashboard_for_user

    profile = profile_for_user(user=user)
    dashboard = dashboard_for_user(user=user)
    primary = (
        Resume.objects.filter(user=user, status=Resume.Status.PARSED)
        .order_by("-is_primary", "-created_at", "-id")
        .first()
    )
    cv: dict[str, Any] = {}
    if primary is not None and primary.data:
        from resumes import jsonresume

        data = jsonresume.normalise(primary.data)
        cv = {
            "title": primary.title,
            "label": data["basics"].get("label", ""),
            "summary": data["basics"].get("summary", "")[:600],
            "skills": skills_in(cv_text_of(data))[:15],
            "recent_roles": [
                f"{w.get('position')} at {w.get('name')}" for w in data.get("work", [])[:4]
            ],
        }
    applications = list(
        Application.objects.filter(user=user)
        .only("id", "tenant_id", "company", "title", "status", "follow_up_on")
        .order_by("-updated_at", "-id")[:25]
    )
    today = timezone.localdate()
    follow_ups = [
        {"id": a.pk, "company": a.company, "title": a.title}
        for a in applications
        if a.follow_up_on is not None and a.follow_up_on <= today
    ]
    full_name = profile.full_name if profile is not None else ""
    return {
        "profile": {
            "first_name": full_name.split(" ")[0] if full_name else "",
            "headline": profile.headline if profile is not None else "",
            "target_roles": profile.target_roles if profile is not None else "",
            "location": profile.location if profile is not None else "",
        },
        "primary_cv": cv,
        "pipeline": {
            "total": dashboard.total,
            "by_status": {label: count for _s, label, count in dashboard.counts},
            "by_status_key": {status: count for status, _l, count in dashboard.counts},
            "response_rate": dashboard.response_rate,
            "interview_rate": dashboard.interview_rate,
        },
        "applications": [
            {
                "id": a.pk,
                "company": a.company,
                "title": a.title,
                "status": a.status,
                "status_label": str(Status(a.status).label),
            }
            for a in applications
        ],
        "upcoming_interviews": [
            {
                "id": i.pk,
                "application_id": i.application_id,
                "company": i.application.company,
                "title": i.application.title,
                "kind": i.get_kind_display(),
                "when": _local_date(i, translation.get_language() or "en"),
            }
            for i in dashboard.upcoming_interviews
        ],
        "follow_ups_due": follow_ups,
    }


def coach_language(*, user: User, language: str | None = None) -> str:
    """The language the coach answers in: `language` when the product speaks it (the views pass
    the one the request is served in, which honours a choice made on this browser), else the
    language saved in the user's profile, else the active one."""
    from django.conf import settings

    from accounts.selectors import profile_for_user

    supported = {code for code, _name in settings.LANGUAGES}
    if language and language[:2].lower() in supported:
        return language[:2].lower()
    profile = profile_for_user(user=user)
    if profile is not None and profile.language in supported:
        return str(profile.language)
    return translation.get_language() or settings.LANGUAGE_CODE


@dataclass
class Sent:
    question: Message
    answer: Message


@transaction.atomic
def message_send(
    *,
    user: User,
    tenant: Tenant,
    conversation: Conversation,
    text: str,
    language: str | None = None,
) -> Sent:
    """Record the user's message and a pending answer (streamed next by `message_stream`),
    with the actions the coach proposes (labelled in the user's language, see
    `coach_language`). One `coach_message` quota unit."""
    ai_check_allowed(user=user, tenant=tenant)
    _consume(user=user, tenant=tenant, feature="coach_message")
    text = text.strip()[:4000]
    question = Message.objects.create(
        conversation=conversation, role=Message.Role.USER, content=text
    )
    with translation.override(coach_language(user=user, language=language)):
        context = coach_context(user=user)
        actions = coach_engine.propose_actions(question=text, context=context)
    answer = Message.objects.create(
        conversation=conversation,
        role=Message.Role.ASSISTANT,
        status=Message.Status.PENDING,
        actions=actions,
        prompt_version=coach_engine.PROMPT_VERSION,
    )
    if conversation.title == UNTITLED:
        conversation.title = text[:60] + ("…" if len(text) > 60 else "")
    _summarise(conversation)
    conversation.save(update_fields=["title", "summary", "summarised_count", "updated_at"])
    return Sent(question=question, answer=answer)


def _summarise(conversation: Conversation) -> None:
    """Keep the last CONTEXT_MESSAGES finished messages verbatim; fold older ones into the
    running summary (once each: `summarised_count` remembers how far it got)."""
    finished = list(
        Message.objects.filter(conversation=conversation)
        .exclude(status=Message.Status.PENDING)
        .order_by("created_at", "id")
        .values_list("role", "content")
    )
    fold_until = max(0, len(finished) - coach_engine.CONTEXT_MESSAGES)
    if fold_until > conversation.summarised_count:
        older = finished[conversation.summarised_count : fold_until]
        conversation.summary = coach_engine.summary_extend(conversation.summary, older)
        conversation.summarised_count = fold_until


def coach_history(*, conversation: Conversation, until: Message) -> list[tuple[str, str]]:
    """The messages sent to the model verbatim: the last N finished ones before `until`."""
    rows = list(
        Message.objects.filter(conversation=conversation, created_at__lte=until.created_at)
        .exclude(pk=until.pk)
        .exclude(status=Message.Status.PENDING)
        .order_by("-created_at", "-id")
        .values_list("role", "content")[: coach_engine.CONTEXT_MESSAGES]
    )
    return list(reversed(rows))


def message_stream(
    *, user: User, tenant: Tenant, message: Message, language: str | None = None
) -> Iterator[tuple[str, str]]:
    """("delta", text) events while the answer streams, then ("done", "") or ("error", text).

    The answer is in the user's language (`coach_language`). It is composed while the response
    streams, after the request's middleware has finished (the active language may be gone by
    then), so the language travels in the request's context document rather than relying on
    the active translation.

    Everything that reads the database happens *now*, inside the request's tenant context; the
    returned iterator runs later, when the response is streamed — after the view returned and
    the request's tenant transaction closed — so it re-enters the tenant's context itself to
    save the answer (and the AI layer does the same to record usage).
    """
    from jobmentis.ai.services import ai_stream
    from jobmentis.tenancy.context import tenant_context

    if message.role != Message.Role.ASSISTANT or message.status != Message.Status.PENDING:
        return iter([("done", "")])
    conversation = message.conversation
    history = coach_history(conversation=conversation, until=message)
    answer_language = coach_language(user=user, language=language)
    with translation.override(answer_language):
        context = coach_context(user=user)
    request = coach_engine.chat_request(
        context=context, summary=conversation.summary, history=history, language=answer_language
    )
    try:
        stream = ai_stream(request=request, user_id=user.pk)
    except AIError:
        _message_fail(message)
        return iter([("error", "unavailable")])
    tenant_id, message_id = tenant.pk, message.pk

    def events() -> Iterator[tuple[str, str]]:
        try:
            for chunk in stream:
                yield ("delta", chunk)
        except AIError as exc:
            logger.info("coaching: coach stream failed: %s", type(exc).__name__)
            with tenant_context(tenant_id):
                Message.objects.filter(pk=message_id).update(status=Message.Status.FAILED)
            yield ("error", "unavailable")
            return
        with tenant_context(tenant_id):
            Message.objects.filter(pk=message_id).update(
                content=stream.text,
                status=Message.Status.DONE,
                provider=stream.provider,
                model_name=stream.model[:100],
            )
        yield ("done", "")

    return events()


def _message_fail(message: Message) -> None:
    message.status = Message.Status.FAILED
    message.save(update_fields=["status"])


@dataclass
class ActionResult:
    kind: str
    application: Application | None = None
    letter: Letter | None = None
    pack: InterviewPack | None = None


@transaction.atomic
def action_confirm(*, user: User, tenant: Tenant, message: Message, action_id: str) -> ActionResult:
    """Carry out a proposed action the user confirmed. Parameters are re-checked against the
    user's own data here (an action can only ever touch the confirming user's rows). A letter
    or pack is recorded and queued (`letter_start`/`pack_start`): a worker writes it."""
    from jobs.selectors import application_for_user, interview_for_user
    from jobs.services import application_create

    locked = Message.objects.select_for_update().get(pk=message.pk)
    actions = [a for a in locked.actions or [] if isinstance(a, dict)]
    action = next((a for a in actions if a.get("id") == action_id), None)
    if action is None or action.get("status") != "proposed":
        raise ValueError("This action is not available.")
    params = action.get("params") or {}
    kind = str(action.get("kind"))
    result = ActionResult(kind=kind)
    if kind == "add_to_wishlist":
        result.application = application_create(
            user=user,
            tenant=tenant,
            company=str(params.get("company") or "")[:160],
            title=str(params.get("title") or "")[:200],
            source="Career coach",
        )
    elif kind == "draft_follow_up":
        application = application_for_user(user=user, application_id=int(params["application_id"]))
        resume = _default_resume(user=user, application=application)
        if resume is None:
            raise ValueError("Upload a CV first.")
        result.letter = letter_start(
            user=user,
            tenant=tenant,
            kind=Letter.Kind.FOLLOW_UP,
            resume=resume,
            application=application,
        )
    elif kind == "prepare_interview":
        interview = interview_for_user(
            user=user,
            application_id=int(params["application_id"]),
            interview_id=int(params["interview_id"]),
        )
        result.pack = pack_start(
            user=user, tenant=tenant, application=interview.application, interview=interview
        )
    else:
        raise ValueError("Unknown action.")
    action["status"] = "done"
    locked.actions = actions
    locked.save(update_fields=["actions"])
    return result


def action_dismiss(*, message: Message, action_id: str) -> None:
    actions = [a for a in message.actions or [] if isinstance(a, dict)]
    for action in actions:
        if action.get("id") == action_id and action.get("status") == "proposed":
            action["status"] = "dismissed"
    message.actions = actions
    message.save(update_fields=["actions"])


def pack_prepare_for_scheduled_interview(*, interview_id: int) -> InterviewPack | None:
    """An interview was just scheduled: prepare its pack ahead of time, so it is waiting on the
    interview's "Prepare" link. Nothing happens (and the link offers to prepare one, saying
    why) when the interview already has a pack, the plan has no pack left this period, the
    user restricted AI processing, or the AI is unavailable. Runs in the tenant's context."""
    interview = (
        Interview.objects.select_related("application", "user").filter(pk=interview_id).first()
    )
    if interview is None or InterviewPack.objects.filter(interview_id=interview_id).exists():
        return None
    tenant = Tenant.objects.get(pk=require_tenant_id())
    try:
        return pack_generate(
            user=interview.user,
            tenant=tenant,
            application=interview.application,
            interview=interview,
        )
    except (QuotaReached, AIRestricted, RateLimited, CoachUnavailable) as exc:
        logger.info(
            "coaching: no pack ahead for interview %s: %s", interview_id, type(exc).__name__
        )
        return None

"""Reads for coaching. Every lookup is by the requesting user (and, through the default manager,
the current tenant): another user's or another tenant's row is the same 404 as a missing one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from accounts.models import User
from coaching.models import (
    Conversation,
    InterviewPack,
    Letter,
    LetterVersion,
    Message,
    PracticeAttempt,
    Story,
)
from resumes.models import Resume, ResumeVersion

LIST_LIMIT = 50


# --- CVs to write from ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CVChoice:
    value: str  # "r:<resume id>" or "v:<version id>"
    label: str


def cv_choices(*, user: User) -> list[CVChoice]:
    """The user's parsed CVs (primary first), each followed by its saved tailored versions."""
    resumes = list(
        Resume.objects.filter(user=user, status=Resume.Status.PARSED)
        .only("id", "tenant_id", "title", "is_primary")
        .order_by("-is_primary", "-created_at", "-id")
    )
    versions = list(
        ResumeVersion.objects.filter(user=user, resume__in=resumes)
        .only("id", "tenant_id", "name", "resume_id")
        .order_by("-created_at", "-id")
    )
    choices: list[CVChoice] = []
    for resume in resumes:
        choices.append(CVChoice(f"r:{resume.pk}", resume.title))
        for version in versions:
            if version.resume_id == resume.pk:
                choices.append(CVChoice(f"v:{version.pk}", f"{resume.title} — {version.name}"))
    return choices


def cv_for_choice(
    *, user: User, value: str
) -> tuple[Resume, ResumeVersion | None, dict[str, Any]] | None:
    """(CV, version or None, the structured data to write from) for a `cv_choices` value."""
    kind, _, raw_id = (value or "").partition(":")
    if not raw_id.isdigit():
        return None
    if kind == "r":
        resume = Resume.objects.filter(user=user, pk=int(raw_id)).first()
        if resume is None or resume.data is None:
            return None
        return resume, None, dict(resume.data)
    if kind == "v":
        version = (
            ResumeVersion.objects.filter(user=user, pk=int(raw_id)).select_related("resume").first()
        )
        if version is None:
            return None
        return version.resume, version, dict(version.data or {})
    return None


def default_cv_choice(*, user: User, application_resume_id: int | None = None) -> str:
    """The CV sent with the application if any, else the primary CV, else the newest."""
    choices = cv_choices(user=user)
    if application_resume_id and any(c.value == f"r:{application_resume_id}" for c in choices):
        return f"r:{application_resume_id}"
    return choices[0].value if choices else ""


# --- letters -------------------------------------------------------------------------------------


def letters_for_user(*, user: User) -> QuerySet[Letter]:
    return (
        Letter.objects.filter(user=user)
        .select_related("application")
        .defer("job_description")
        .annotate(version_count=Count("versions"))
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )


def letter_for_user(*, user: User, letter_id: int) -> Letter:
    letter = (
        Letter.objects.filter(user=user, pk=letter_id)
        .select_related("application", "interview", "resume", "resume_version")
        .prefetch_related(Prefetch("versions", queryset=LetterVersion.objects.order_by("-number")))
        .first()
    )
    if letter is None:
        raise Http404
    return letter


def letter_current(*, letter: Letter) -> LetterVersion | None:
    versions = list(letter.versions.all())
    return versions[0] if versions else None


def letter_version_for(*, letter: Letter, number: int) -> LetterVersion:
    for version in letter.versions.all():
        if version.number == number:
            return version
    raise Http404


def letters_for_application(*, user: User, application_id: int) -> list[Letter]:
    return list(
        Letter.objects.filter(user=user, application_id=application_id)
        .only("id", "tenant_id", "kind", "created_at", "attached_at", "language", "tone")
        .order_by("-created_at", "-id")
    )


# --- interview packs, stories, practice -----------------------------------------------------------


def packs_for_user(*, user: User) -> QuerySet[InterviewPack]:
    return (
        InterviewPack.objects.filter(user=user)
        .select_related("application", "interview")
        .defer("questions", "questions_to_ask")
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )


def pack_for_user(*, user: User, pack_id: int) -> InterviewPack:
    pack = (
        InterviewPack.objects.filter(user=user, pk=pack_id)
        .select_related("application", "interview")
        .first()
    )
    if pack is None:
        raise Http404
    return pack


def pack_latest_for_interview(*, user: User, interview_id: int) -> InterviewPack | None:
    return (
        InterviewPack.objects.filter(user=user, interview_id=interview_id)
        .order_by("-created_at", "-id")
        .first()
    )


def attempts_for_pack(*, user: User, pack: InterviewPack) -> list[PracticeAttempt]:
    return list(
        PracticeAttempt.objects.filter(user=user, pack=pack).order_by("-created_at", "-id")[:100]
    )


def stories_for_user(*, user: User) -> list[Story]:
    return list(Story.objects.filter(user=user).order_by("title", "id"))


def story_for_user(*, user: User, story_id: int) -> Story:
    story = Story.objects.filter(user=user, pk=story_id).first()
    if story is None:
        raise Http404
    return story


# --- conversations -----------------------------------------------------------------------------


def conversations_for_user(*, user: User) -> list[Conversation]:
    return list(
        Conversation.objects.filter(user=user)
        .annotate(message_count=Count("messages"))
        .order_by("-updated_at", "-id")[:LIST_LIMIT]
    )


def conversation_for_user(*, user: User, conversation_id: int) -> Conversation:
    conversation = Conversation.objects.filter(user=user, pk=conversation_id).first()
    if conversation is None:
        raise Http404
    return conversation


def messages_for_conversation(*, conversation: Conversation) -> list[Message]:
    return list(Message.objects.filter(conversation=conversation).order_by("created_at", "id"))


def message_for_user(*, user: User, conversation_id: int, message_id: int) -> Message:
    message = (
        Message.objects.filter(
            conversation__user=user, conversation_id=conversation_id, pk=message_id
        )
        .select_related("conversation")
        .first()
    )
    if message is None:
        raise Http404
    return message

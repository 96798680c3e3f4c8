"""AI coaching: letters (cover letters, follow-up and thank-you emails) with their versions,
interview preparation packs, the STAR story bank, practice attempts, and coach conversations.

Every row belongs to one user in one tenant; children reference their parents by
(tenant_id, id) (TenantOwnedModel emits the composite FKs). Every AI output records the provider,
model and prompt version that produced it: it is a suggestion the user edits, never a decision.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel


class Tone(models.TextChoices):
    FORMAL = "formal", _("Formal")
    WARM = "warm", _("Warm")
    DIRECT = "direct", _("Direct")


class Length(models.TextChoices):
    SHORT = "short", _("Short")
    STANDARD = "standard", _("Standard")
    LONG = "long", _("Long")


class Language(models.TextChoices):
    EN = "en", "English"
    IT = "it", "Italiano"
    FR = "fr", "Français"


class Generation(models.TextChoices):
    """Where an AI-written row is: queued/being written by a worker, ready, or failed (the
    provider was unavailable; the quota unit was given back and the user can try again)."""

    GENERATING = "generating", _("Generating")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# A generation queued longer ago than this is presumed lost (its task never ran): the page
# offers to queue it again (same quota unit; the write is idempotent, so a late task is harmless).
GENERATION_STALE_AFTER = timedelta(minutes=2)


class GenerationMixin(models.Model):
    status = models.CharField(
        _("status"), max_length=10, choices=Generation.choices, default=Generation.READY
    )
    # When the worker was last asked to write this row (start or Try again).
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_stale(self) -> bool:
        return (
            self.status == Generation.GENERATING
            and self.queued_at is not None
            and self.queued_at < timezone.now() - GENERATION_STALE_AFTER
        )


class Letter(TenantOwnedModel, GenerationMixin):
    """A cover letter or an after-interview email, written for one job from one CV."""

    class Kind(models.TextChoices):
        COVER_LETTER = "cover_letter", _("Cover letter")
        FOLLOW_UP = "follow_up", _("Follow-up email")
        THANK_YOU = "thank_you", _("Thank-you email")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_letters"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    application = models.ForeignKey(
        "jobs.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_letters",
        verbose_name=_("application"),
    )
    interview = models.ForeignKey(
        "jobs.Interview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_letters",
        verbose_name=_("interview"),
    )
    resume = models.ForeignKey(
        "resumes.Resume",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_letters",
        verbose_name=_("CV"),
    )
    # A saved, tailored version of that CV, when the letter was written from one.
    resume_version = models.ForeignKey(
        "resumes.ResumeVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_letters",
        verbose_name=_("CV version"),
    )
    company = models.CharField(_("company"), max_length=160, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    job_description = models.TextField(_("job description"), blank=True)
    tone = models.CharField(_("tone"), max_length=8, choices=Tone.choices, default=Tone.FORMAL)
    length = models.CharField(
        _("length"), max_length=8, choices=Length.choices, default=Length.STANDARD
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    # When this letter's current text was copied onto the application (jobs' cover-letter slot).
    attached_at = models.DateTimeField(_("attached"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "user", "-created_at"], name="coach_letter_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.company or self.job_title}"


class LetterVersion(TenantOwnedModel):
    """One text of a letter: generated by the AI layer or edited by the user. Never rewritten;
    the newest is the current one."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("Generated")
        EDITED = "edited", _("Edited")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    # Claims the grounding check could not trace to the CV: [{"sentence", "kind", "value"}].
    flags = models.JSONField(_("unsupported claims"), default=list, blank=True)
    provider = models.CharField(_("AI provider"), max_length=32, blank=True)
    model_name = models.CharField(_("AI model"), max_length=100, blank=True)
    prompt_version = models.CharField(_("prompt version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("letter version")
        verbose_name_plural = _("letter versions")
        ordering = ("-number",)
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "letter", "number"], name="coach_letter_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Story(TenantOwnedModel):
    """A STAR story from the user's experience, reused across interview packs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_stories"
    )
    title = models.CharField(_("title"), max_length=160)
    situation = models.TextField(_("situation"))
    task = models.TextField(_("task"), blank=True)
    action = models.TextField(_("action"))
    result = models.TextField(_("result"))
    skills = models.CharField(
        _("skills shown"), max_length=300, blank=True, help_text=_("Comma-separated.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("STAR story")
        verbose_name_plural = _("STAR stories")
        ordering = ("title", "id")

    def __str__(self) -> str:
        return self.title

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]


class InterviewPack(TenantOwnedModel, GenerationMixin):
    """Preparation for one interview (or one application on demand): likely questions with
    suggested STAR answers grounded in the CV, and questions to ask the interviewer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_packs"
    )
    application = models.ForeignKey(
        "jobs.Application", on_delete=models.CASCADE, related_name="coaching_packs"
    )
    interview = models.ForeignKey(
        "jobs.Interview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_packs",
    )
    resume = models.ForeignKey(
        "resumes.Resume",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_packs",
    )
    # [{"id", "category", "question", "why", "answer": {"situation", "task", "action",
    #   "result"}, "story_id"}]
    questions = models.JSONField(_("questions"), default=list)
    questions_to_ask = models.JSONField(_("questions to ask"), default=list)
    provider = models.CharField(_("AI provider"), max_length=32, blank=True)
    model_name = models.CharField(_("AI model"), max_length=100, blank=True)
    prompt_version = models.CharField(_("prompt version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("interview preparation pack")
        verbose_name_plural = _("interview preparation packs")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "user", "-created_at"], name="coach_pack_recent"),
        ]

    def __str__(self) -> str:
        return str(_("Preparation pack"))

    def question(self, question_id: str) -> dict[str, object] | None:
        for entry in self.questions or []:
            if isinstance(entry, dict) and entry.get("id") == question_id:
                return entry
        return None


class PracticeAttempt(TenantOwnedModel):
    """The user's typed answer to one pack question, scored against the rubric."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_attempts"
    )
    pack = models.ForeignKey(InterviewPack, on_delete=models.CASCADE, related_name="attempts")
    question_id = models.CharField(max_length=20)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    # {"structure": 0-5, "relevance": 0-5, "evidence": 0-5, "length": 0-5}
    scores = models.JSONField(_("scores"), default=dict)
    total = models.PositiveSmallIntegerField(_("score"), default=0)  # 0-100
    suggestions = models.JSONField(_("suggestions"), default=list)
    provider = models.CharField(_("AI provider"), max_length=32, blank=True)
    model_name = models.CharField(_("AI model"), max_length=100, blank=True)
    prompt_version = models.CharField(_("prompt version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("practice attempt")
        verbose_name_plural = _("practice attempts")
        ordering = ("-created_at", "-id")


UNTITLED = "New conversation"  # a conversation's title until its first message names it


class Conversation(TenantOwnedModel):
    """A chat with the career coach. `summary` holds the gist of messages older than the
    context window (`summarised_count` of them), so long conversations still fit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_conversations"
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("summary of earlier messages"), blank=True)
    summarised_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("coach conversation")
        verbose_name_plural = _("coach conversations")
        ordering = ("-updated_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "user", "-updated_at"], name="coach_conv_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title to show: a conversation not yet named by its first message is stored as
        UNTITLED (in English, compared by services) and shown in the reader's language."""
        from django.utils.translation import gettext

        return gettext("New conversation") if self.title == UNTITLED else self.title


class Message(TenantOwnedModel):
    class Role(models.TextChoices):
        USER = "user", _("You")
        ASSISTANT = "assistant", _("Coach")

    class Status(models.TextChoices):
        PENDING = "pending", _("Writing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    content = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DONE)
    # Actions the coach proposes; nothing happens until the user confirms one with a POST.
    # [{"id", "kind", "label", "params", "status": proposed|done|dismissed}]
    actions = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=32, blank=True)
    model_name = models.CharField(max_length=100, blank=True)
    prompt_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("coach message")
        verbose_name_plural = _("coach messages")
        ordering = ("created_at", "id")
        indexes = [
            models.Index(fields=["tenant", "conversation", "created_at"], name="coach_msg_conv"),
        ]

"""Job tracker: applications moving through a pipeline, their contacts, interviews, tags and the
timeline of everything that happened (the "app activity" the privacy policy mentions).

Every row belongs to one user in one tenant; children carry the tenant too and reference their
parent by (tenant_id, id) (TenantOwnedModel emits the composite FKs).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobmentis.tenancy.models import TenantOwnedModel

# Language-neutral: users write in several languages, and company names must not be stemmed.
SEARCH_CONFIG = "simple"


class Status(models.TextChoices):
    WISHLIST = "wishlist", _("Wishlist")
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFER = "offer", _("Offer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NO_RESPONSE = "no_response", _("No response")


# The forward pipeline, in order (the board's columns and the funnel), then the closed states.
PIPELINE: tuple[str, ...] = (
    Status.WISHLIST,
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.ACCEPTED,
)
CLOSED: tuple[str, ...] = (Status.REJECTED, Status.WITHDRAWN, Status.NO_RESPONSE)
BOARD_COLUMNS: tuple[str, ...] = PIPELINE + CLOSED
# Statuses that mean "the application was sent" (everything but the wishlist).
SENT: tuple[str, ...] = tuple(s for s in BOARD_COLUMNS if s != Status.WISHLIST)


class ClosingReason(models.TextChoices):
    NONE = "", _("—")
    ROLE_FILLED = "role_filled", _("Role filled")
    NOT_A_FIT = "not_a_fit", _("Not a fit")
    SALARY = "salary", _("Salary")
    LOCATION = "location", _("Location")
    OTHER_OFFER = "other_offer", _("Accepted another offer")
    NO_REPLY = "no_reply", _("No reply")
    CHANGED_MIND = "changed_mind", _("Changed my mind")
    OTHER = "other", _("Other")


class WorkplaceType(models.TextChoices):
    UNSPECIFIED = "", _("Not specified")
    ONSITE = "onsite", _("On-site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


class ContractType(models.TextChoices):
    UNSPECIFIED = "", _("Not specified")
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    CONTRACT = "contract", _("Contract / freelance")
    PART_TIME = "part_time", _("Part time")
    INTERNSHIP = "internship", _("Internship")
    TEMPORARY = "temporary", _("Temporary")


class SalaryPeriod(models.TextChoices):
    UNSPECIFIED = "", _("Not specified")
    YEAR = "year", _("per year")
    MONTH = "month", _("per month")
    DAY = "day", _("per day")
    HOUR = "hour", _("per hour")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")


class Tag(TenantOwnedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_tags"
    )
    name = models.CharField(_("name"), max_length=40)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(
                "tenant", "user", models.functions.Lower("name"), name="jobs_tag_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Application(TenantOwnedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications"
    )
    company = models.CharField(_("company"), max_length=160)
    title = models.CharField(_("job title"), max_length=200)
    url = models.URLField(_("job URL"), max_length=1000, blank=True)
    description = models.TextField(_("job description"), blank=True)
    location = models.CharField(_("location"), max_length=160, blank=True)
    workplace_type = models.CharField(
        _("workplace"), max_length=8, choices=WorkplaceType.choices, blank=True
    )
    contract_type = models.CharField(
        _("contract"), max_length=12, choices=ContractType.choices, blank=True
    )
    salary_min = models.PositiveIntegerField(_("minimum salary"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("maximum salary"), null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, blank=True)
    salary_period = models.CharField(
        _("salary period"), max_length=5, choices=SalaryPeriod.choices, blank=True
    )
    source = models.CharField(
        _("source"), max_length=80, blank=True, help_text=_("Where you found it, e.g. LinkedIn")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.WISHLIST
    )
    closing_reason = models.CharField(
        _("closing reason"), max_length=14, choices=ClosingReason.choices, blank=True
    )
    # Position inside the board column (ascending); moves renumber only the target column.
    position = models.IntegerField(_("position"), default=0)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = models.ManyToManyField(
        Tag, through="ApplicationTag", related_name="applications", blank=True
    )
    resume = models.ForeignKey(
        "resumes.Resume",
        verbose_name=_("CV version sent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_applications",
    )
    # Written by the coaching feature (cover letters); editable by hand until then.
    cover_letter = models.TextField(_("cover letter"), blank=True)
    match_score = models.PositiveSmallIntegerField(
        _("match score when sent"), null=True, blank=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    # Index in PIPELINE of the furthest stage ever reached: the funnel counts it, so a rejection
    # after an interview still counts as "reached interviewing" without replaying the timeline.
    furthest_stage = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by PostgreSQL itself (a stored generated column), so bulk inserts and imports are
    # searchable without any application code remembering to refresh it.
    search = models.GeneratedField(
        expression=SearchVector("company", weight="A", config=SEARCH_CONFIG)
        + SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("notes", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "user", "status", "position"], name="jobs_app_board"),
            models.Index(fields=["tenant", "user", "-created_at"], name="jobs_app_recent"),
            models.Index(fields=["tenant", "user", "deadline"], name="jobs_app_deadline"),
            models.Index(fields=["tenant", "user", "follow_up_on"], name="jobs_app_follow_up"),
            GinIndex(fields=["search"], name="jobs_app_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="jobs_app_salary_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.company}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def salary_display(self) -> str:
        if self.salary_min is None and self.salary_max is None:
            return ""
        low = f"{self.salary_min:,}" if self.salary_min is not None else ""
        high = f"{self.salary_max:,}" if self.salary_max is not None else ""
        amount = f"{low}\u2013{high}" if low and high and low != high else (low or high)
        parts = [amount, self.salary_currency]
        if self.salary_period:
            parts.append(str(self.get_salary_period_display()))
        return " ".join(p for p in parts if p)


class ApplicationTag(TenantOwnedModel):
    """Explicit through table: it carries the tenant (RLS + composite FKs) like every other row."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("application tag")
        verbose_name_plural = _("application tags")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "application", "tag"], name="jobs_application_tag_unique"
            ),
        ]


class Contact(TenantOwnedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class InterviewKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    ONSITE = "onsite", _("On-site")
    TECHNICAL = "technical", _("Technical")
    PANEL = "panel", _("Panel")


class InterviewOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    PASSED = "passed", _("Went well / passed")
    FAILED = "failed", _("Not passed")
    CANCELLED = "cancelled", _("Cancelled")
    RESCHEDULED = "rescheduled", _("Rescheduled")


class Interview(TenantOwnedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    # Denormalised owner: the calendar feed and reminders select a user's interviews directly.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_interviews"
    )
    starts_at = models.DateTimeField(_("starts at"))
    # The zone the user entered the time in (their profile's): shown back to them, and in ICS.
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    kind = models.CharField(
        _("kind"), max_length=10, choices=InterviewKind.choices, default=InterviewKind.VIDEO
    )
    location = models.CharField(_("location or link"), max_length=500, blank=True)
    interviewers = models.CharField(_("interviewers"), max_length=300, blank=True)
    prep_notes = models.TextField(_("preparation notes"), blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=InterviewOutcome.choices,
        default=InterviewOutcome.PENDING,
    )
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    # Bumped on every change so calendar clients replace the event (ICS SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ("starts_at", "id")
        indexes = [
            models.Index(fields=["tenant", "user", "starts_at"], name="jobs_interview_upcoming"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=1440),
                name="jobs_interview_duration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.application}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_link(self) -> bool:
        return self.location.startswith(("https://", "http://"))


class Activity(TenantOwnedModel):
    """One entry of an application's timeline. Append-only: history is not rewritten."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("timeline", "Added")
        STATUS = "status", pgettext_lazy("timeline", "Status changed")
        NOTE = "note", pgettext_lazy("timeline", "Note")
        INTERVIEW = "interview", pgettext_lazy("timeline", "Interview")
        DOCUMENT = "document", pgettext_lazy("timeline", "Document")
        CONTACT = "contact", pgettext_lazy("timeline", "Contact")
        EDITED = "edited", pgettext_lazy("timeline", "Edited")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="activities"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_activities"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    # Free text the user wrote (notes) or a short summary ("CV 'Data v2' attached").
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "application", "-created_at"], name="jobs_act_app"),
            models.Index(fields=["tenant", "user", "-created_at"], name="jobs_act_user"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.created_at:%Y-%m-%d}"


class CalendarFeed(TenantOwnedModel):
    """A secret, revocable URL serving the user's interviews as iCalendar (no login: the token
    is the credential, so it is long, random and scoped to one user in one tenant)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="jobs_calendar_feed_one"),
        ]

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class ReminderSettings(TenantOwnedModel):
    """Which reminders a user wants, and where. Absent row = the defaults below."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_reminder_settings"
    )
    deadline_email = models.BooleanField(_("deadline approaching: email"), default=True)
    deadline_in_app = models.BooleanField(_("deadline approaching: in the app"), default=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("days before a deadline"), default=2, help_text=_("Between 1 and 14 days.")
    )
    follow_up_email = models.BooleanField(_("follow-up due: email"), default=True)
    follow_up_in_app = models.BooleanField(_("follow-up due: in the app"), default=True)
    interview_email = models.BooleanField(_("interview tomorrow: email"), default=True)
    interview_in_app = models.BooleanField(_("interview tomorrow: in the app"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="jobs_reminder_settings_one"),
        ]


class Reminder(TenantOwnedModel):
    """A reminder that was raised. The unique key makes "never twice" a database fact: a second
    beat run (or a retried task) cannot insert the same reminder again."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Deadline approaching")
        FOLLOW_UP = "follow_up", _("Follow-up due")
        INTERVIEW = "interview", _("Interview tomorrow")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_reminders"
    )
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The date the reminder is about (deadline, follow-up date, interview day in the user's zone):
    # moving the date raises a new reminder, re-running the beat does not.
    due_on = models.DateField(_("due on"))
    in_app = models.BooleanField(default=False)
    email = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "kind", "application", "due_on"],
                condition=Q(interview__isnull=True),
                name="jobs_reminder_once",
            ),
            models.UniqueConstraint(
                fields=["tenant", "user", "kind", "interview", "due_on"],
                condition=Q(interview__isnull=False),
                name="jobs_reminder_interview_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["tenant", "user", "-created_at"],
                condition=Q(in_app=True, read_at__isnull=True),
                name="jobs_reminder_unread",
            ),
        ]

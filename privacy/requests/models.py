"""Data-subject requests, the notes staff keep on them, and contact-form messages.

All three are tenant-owned: a request is made to one tenant (the controller the person dealt
with) and only that tenant's admins and platform support staff see it.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel
from privacy.requests.deadlines import DUE_SOON_DAYS


class DataSubjectRequest(TenantOwnedModel):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to my data")
        RECTIFICATION = "rectification", _("Correct my data")
        ERASURE = "erasure", _("Erase my data")
        RESTRICTION = "restriction", _("Restrict processing")
        OBJECTION = "objection", _("Object to processing")
        PORTABILITY = "portability", _("Data portability")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        VERIFIED = "verified", _("Verified")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        ACCOUNT = "account", _("Signed-in user")
        PUBLIC_FORM = "public_form", _("Public form")

    OPEN_STATUSES = (Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # The account the request is about, when known (signed in, or matched by a verified email).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"))
    details = models.TextField(_("details"), blank=True, max_length=5000)
    # The language the request was made in: every email about it is written in that language.
    language = models.CharField(_("language"), max_length=8, default="en")

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_on = models.DateField(_("due"))
    extension_months = models.PositiveSmallIntegerField(_("extended by (months)"), default=0)
    extended_due_on = models.DateField(_("extended due date"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for extension"), blank=True)
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    verified_at = models.DateTimeField(_("identity verified"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    resolution = models.TextField(_("message to the requester"), blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )

    # Identity check of public requests: a 6-digit code, stored only as a keyed hash.
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["due_on", "received_at"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=["tenant", "status", "due_on"], name="dsr_queue_idx")]

    def __str__(self) -> str:
        return f"{self.reference} · {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        return f"DSR-{self.pk or 0:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def effective_due_on(self) -> date:
        return self.extended_due_on or self.due_on

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and today > self.effective_due_on

    def is_due_soon(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and 0 <= (self.effective_due_on - today).days <= DUE_SOON_DAYS

    def days_left(self, today: date | None = None) -> int:
        today = today or timezone.localdate()
        return (self.effective_due_on - today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left())


class RequestAction(models.TextChoices):
    """What staff can run from a request: the same services the person uses themselves."""

    EXPORT = "export", _("Build the data export")
    ERASURE = "erasure", _("Close the account and schedule erasure")
    RESTRICT_AI = "restrict_ai", _("Restrict AI processing")
    OBJECT_TRACKING = "object_tracking", _("Stop analytics and marketing")


class RequestNote(TenantOwnedModel):
    """Internal notes of the staff working a request; never shown to the requester."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request note")
        verbose_name_plural = _("request notes")

    def __str__(self) -> str:
        return f"{self.request.reference} note {self.pk}"


class ContactMessage(TenantOwnedModel):
    """A message sent through a tenant's contact form. Kept 24 months (privacy manifest)."""

    full_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    # Set when the sender was signed in, so their export includes it and erasure removes it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self) -> str:
        return self.subject

"""Exports (Art. 15/20), erasure requests with their persisted steps (Art. 17), receipts, and the
global login hold that keeps an account closed during the erasure grace period."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel


def export_file_path(instance: DataExport, filename: str) -> str:
    # Tenant first (storage paths carry the tenant), random name: the path says nothing.
    return f"tenants/{instance.tenant_id}/exports/{instance.user_id}/{uuid.uuid4().hex}.zip"


class DataExport(TenantOwnedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Preparing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    source = models.CharField(_("source"), max_length=32, default="self_service")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=export_file_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    manifest_version = models.CharField(_("manifest version"), max_length=40, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("last downloaded"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )


class ErasureRequest(TenantOwnedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled (grace period)")
        CANCELLED = "cancelled", _("Cancelled")
        RUNNING = "running", _("Erasing")
        FAILED = "failed", _("Needs attention")
        COMPLETED = "completed", _("Completed")

    # SET_NULL: the request (and its receipt) outlive the person; after completion the row
    # names the subject only through `subject_hash`.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_hash = models.CharField(_("subject (keyed hash)"), max_length=64, db_index=True)
    # The user id while the request runs (the FK is nulled when the user row goes, the runner
    # still needs it to verify); cleared on completion.
    subject_id = models.BigIntegerField(_("subject id"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=32, default="self_service")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    grace_until = models.DateTimeField(_("erase after"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Tenants whose rows the plan covers, and external ids snapshotted before anything is
    # erased (a Stripe customer id is gone from our tables once its row is deleted). The
    # snapshot is cleared when the request completes.
    tenant_ids = models.JSONField(_("tenants"), default=list)
    snapshot = models.JSONField(_("external ids"), default=list, blank=True)
    attempts = models.PositiveIntegerField(_("runs"), default=0)
    # Unguessable: the signed-out user follows their erasure (and gets the receipt) with it.
    status_token = models.UUIDField(_("status token"), default=uuid.uuid4, unique=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ("-requested_at", "-id")
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.requested_at:%Y-%m-%d}"


class ErasureStep(TenantOwnedModel):
    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External system")
        FILES = "files", _("Files")
        ROWS = "rows", _("Rows")
        VERIFY = "verify", _("Verification")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    request = models.ForeignKey(ErasureRequest, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target = models.CharField(_("target"), max_length=120)
    # The tenant whose rows/objects the step touches (null for global identity rows).
    target_tenant_id = models.BigIntegerField(_("target tenant"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    count = models.PositiveIntegerField(_("objects erased"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ("request", "position")
        verbose_name = _("erasure step")
        verbose_name_plural = _("erasure steps")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"], name="privacy_erasurestep_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.kind} {self.target}"


class ErasureReceipt(TenantOwnedModel):
    """Proof an erasure ran, holding no personal data: the subject is a keyed hash (the key
    lives outside the database), then counts, timestamps, manifest version and what was kept."""

    request = models.OneToOneField(ErasureRequest, on_delete=models.CASCADE, related_name="receipt")
    receipt_id = models.UUIDField(_("receipt id"), default=uuid.uuid4, unique=True)
    subject_hash = models.CharField(_("subject (keyed hash)"), max_length=64, db_index=True)
    manifest_version = models.CharField(_("manifest version"), max_length=40)
    counts = models.JSONField(_("per-step counts"), default=list)
    retained = models.JSONField(_("retained, with legal basis"), default=list)
    requested_at = models.DateTimeField(_("requested"))
    completed_at = models.DateTimeField(_("completed"))
    verified_at = models.DateTimeField(_("verified"))

    class Meta:
        ordering = ("-completed_at",)
        verbose_name = _("erasure receipt")
        verbose_name_plural = _("erasure receipts")

    def __str__(self) -> str:
        return str(self.receipt_id)


class ErasureHold(models.Model):
    """Global: blocks sign-in on every tenant while an erasure is in its grace period (users
    are global, the request is tenant-owned). Deleted on cancel, and with the user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_hold"
    )
    request_tenant = models.ForeignKey(
        "accounts.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    request_id_value = models.BigIntegerField(_("request id"))
    grace_until = models.DateTimeField(_("erase after"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("erasure hold")
        verbose_name_plural = _("erasure holds")

    def __str__(self) -> str:
        return f"hold until {self.grace_until:%Y-%m-%d}"

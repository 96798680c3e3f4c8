"""Outbox, suppression list and delivery events. Global tables (see tenancy registry): a
message can be sent before any tenant is known (platform host, allauth on the support console),
so the tenant is recorded (as `workspace`) when there is one. The column is not named
`tenant_id` on purpose: these tables are not tenant-isolated by RLS (tests/tenancy)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")

    class Kind(models.TextChoices):
        TRANSACTIONAL = "transactional", _("Transactional")
        MARKETING = "marketing", _("Marketing")

    id = models.BigAutoField(primary_key=True)
    workspace = models.ForeignKey(
        "accounts.Tenant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tenant"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.TRANSACTIONAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=998)
    # Lower-cased to/cc/bcc addresses, for the privacy lookup and the suppression check.
    recipients = ArrayField(models.CharField(max_length=254), default=list, verbose_name=_("to"))
    # The whole message as JSON (see jobmentis.email.serialise): delivery rebuilds it from here.
    payload = models.JSONField(_("message"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    provider_message_id = models.CharField(
        _("provider message id"), max_length=255, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["workspace", "status"], name="email_outbox_tenant_status")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)}"


class Suppression(models.Model):
    """An address that bounced or complained. Only a keyed hash of the normalised address is
    stored (jobmentis.email.suppression.address_hash): the list identifies nobody without the
    key, yet a send to the same address is still recognised and suppressed."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        REJECTED = "rejected", _("Rejected by the provider")
        COMPLAINED = "complained", _("Marked as spam")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed at the provider")

    id = models.BigAutoField(primary_key=True)
    # Null: suppressed on every tenant (the provider account is shared by the platform).
    workspace = models.ForeignKey(
        "accounts.Tenant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tenant"),
    )
    address_hash = models.CharField(_("address hash"), max_length=64, db_index=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    description = models.CharField(_("provider's description"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "address_hash"],
                name="email_suppression_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.address_hash[:12]}…"


class DeliveryEvent(models.Model):
    """A provider event about one outbox message. Bounces and complaints are always kept (they
    drive suppression); deliveries, opens and clicks only with the recipient's consent to
    marketing analytics."""

    id = models.BigAutoField(primary_key=True)
    message = models.ForeignKey(
        OutboxMessage, on_delete=models.CASCADE, related_name="events", verbose_name=_("message")
    )
    event_type = models.CharField(_("event"), max_length=20)
    provider = models.CharField(_("provider"), max_length=40)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")

    def __str__(self) -> str:
        return f"{self.event_type} #{self.message_id}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel


class Kind(models.TextChoices):
    """Notification types; each has its own delivery preference."""

    REMINDER = "reminder", _("Job tracker reminders")
    RADAR_DIGEST = "radar_digest", _("Job Radar digest")
    EXPORT_READY = "export_ready", _("Data export ready")
    PAYMENT_FAILED = "payment_failed", _("Payment problems")
    DSR_NOTICE = "dsr_notice", _("Privacy request updates")
    ACCOUNT = "account", _("Account and security")


class Channel(models.TextChoices):
    ALL = "all", _("Email and in the app")
    EMAIL = "email", _("Email only")
    IN_APP = "in_app", _("In the app only")
    OFF = "off", _("Off")


class Notification(TenantOwnedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["tenant", "user", "read_at"], name="notif_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(TenantOwnedModel):
    """Where one type of notification goes for one user. No row: Channel.ALL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("delivery"), max_length=8, choices=Channel.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user", "kind"], name="notif_pref_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"


class MarketingSubscription(TenantOwnedModel):
    """Operational state of the newsletter / product-tips opt-in (double opt-in). The consent
    ledger (privacy.consent) holds the legal record; this row drives sending and Brevo sync."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Subscribed")
        WITHDRAWN = "withdrawn", _("Unsubscribed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marketing_subscriptions"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    policy_version = models.CharField(_("consent text version"), max_length=40)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # How the last change was made: settings, email link, one-click unsubscribe, erasure…
    source = models.CharField(_("source"), max_length=30, blank=True)
    synced_at = models.DateTimeField(_("synced to the mailing list"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="notif_marketing_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status}"


class MarketingSettings(TenantOwnedModel):
    """Per-tenant marketing configuration (tenant admin)."""

    brevo_list_id = models.PositiveIntegerField(
        _("Brevo contact list id"),
        null=True,
        blank=True,
        help_text=_("Confirmed newsletter subscribers are added to this Brevo list."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("marketing settings")
        verbose_name_plural = _("marketing settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="notif_marketing_settings_once"),
        ]

    def __str__(self) -> str:
        return str(_("Marketing settings"))


class MarketingCampaign(TenantOwnedModel):
    """A marketing email sent by staff to every confirmed subscriber of the tenant."""

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("marketing email")
        verbose_name_plural = _("marketing emails")

    def __str__(self) -> str:
        return self.subject

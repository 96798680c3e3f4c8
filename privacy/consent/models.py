"""Policy versions, processors, the consent ledger, the opaque analytics id and the per-tenant
tracking settings. Everything is tenant-owned: a policy, a decision and a tracker belong to one
tenant (the controller the person dealt with)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel


class PolicyVersion(TenantOwnedModel):
    """One published version of a policy. The current one is the latest whose effective date
    has passed; versions are never edited once someone may have accepted them (a new version is
    added instead), which is what lets a ledger entry point at the exact text accepted."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy policy")
        TERMS = "terms", _("Terms of service")
        COOKIES = "cookies", _("Cookie policy")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.CharField(
        _("version label"), max_length=40, help_text=_("Shown to users, e.g. “2026-11” or “v3”.")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown. Basic HTML (headings, lists, links, emphasis) is kept; scripts are not."
        ),
    )
    # sha256 of the body as published (policy_version_create computes it): proves which text a
    # ledger entry refers to even if the row were tampered with later.
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, editable=False)
    effective_at = models.DateTimeField(_("effective from"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "-effective_at", "-id"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind", "version"], name="consent_policyversion_label_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "kind", "effective_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class Processor(TenantOwnedModel):
    """A processor or recipient listed on the privacy policy page (Art. 13(1)(e)/(f))."""

    name = models.CharField(_("name"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=240)
    data_categories = models.CharField(_("data categories"), max_length=240)
    location = models.CharField(
        _("location and transfer safeguard"),
        max_length=240,
        help_text=_("e.g. “EU (Frankfurt)” or “USA — EU-US Data Privacy Framework, SCCs”."),
    )
    link = models.URLField(_("link to their privacy notice"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name", "id"]
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="consent_processor_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Purpose(models.TextChoices):
    ANALYTICS = "analytics", _("Analytics")
    MARKETING = "marketing", _("Marketing")
    PRIVACY_POLICY = "privacy_policy", _("Privacy policy")
    TERMS = "terms", _("Terms of service")
    # granted=True means "restricted": AI processing of the user's CVs is restricted (Art. 18).
    AI_PROCESSING_RESTRICTION = "ai_processing_restriction", _("Restriction of AI processing")
    NEWSLETTER = "newsletter", _("Newsletter and product tips")


class Source(models.TextChoices):
    BANNER = "banner", _("Cookie banner")
    SETTINGS = "settings", _("Data & Privacy settings")
    SIGNUP = "signup", _("Sign-up")
    SUPPORT = "support", _("Support staff")
    API = "api", _("API")
    EMAIL_LINK = "email_link", _("Link in an email")
    EMAIL_PROVIDER = "email_provider", _("Email provider report")
    ERASURE = "erasure", _("Account deletion")


class ConsentRecord(TenantOwnedModel):
    """One decision, appended and never changed (a PostgreSQL trigger refuses UPDATE and
    DELETE; see migration 0002 for the single exception erasure needs). The current state of a
    purpose is its latest record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The random id of the browser (the consent device cookie) for visitors not signed in.
    device_id = models.UUIDField(_("device"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    granted = models.BooleanField(_("granted"))
    policy_version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("policy version"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [
            models.Index(fields=["tenant", "user", "purpose", "-created_at"]),
            models.Index(fields=["tenant", "device_id", "purpose", "-created_at"]),
        ]

    def __str__(self) -> str:
        verb = _("granted") if self.granted else _("refused")
        return f"{self.get_purpose_display()}: {verb}"


class AnalyticsIdentity(TenantOwnedModel):
    """The opaque id a user is known by to PostHog (never the email): per tenant, so two
    tenants' analytics cannot be joined on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    distinct_id = models.UUIDField(_("analytics id"), default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("analytics identity")
        verbose_name_plural = _("analytics identities")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"], name="consent_analyticsid_user_unique"
            ),
            models.UniqueConstraint(fields=["distinct_id"], name="consent_analyticsid_uuid_unique"),
        ]

    def __str__(self) -> str:
        return str(self.distinct_id)


class TrackingSettings(TenantOwnedModel):
    """A tenant's analytics and ads switches. Both off by default; even when on, nothing loads
    or is sent without the visitor's consent."""

    posthog_enabled = models.BooleanField(_("PostHog analytics on"), default=False)
    posthog_api_key = models.CharField(
        _("PostHog project API key"), max_length=200, blank=True, help_text="phc_…"
    )
    posthog_host = models.URLField(
        _("PostHog host"), blank=True, default="https://eu.i.posthog.com"
    )
    # Only for erasure: deleting a person needs PostHog's private API.
    posthog_project_id = models.CharField(_("PostHog project id"), max_length=40, blank=True)
    posthog_personal_api_key = models.CharField(
        _("PostHog personal API key (person deletion)"), max_length=200, blank=True
    )
    meta_enabled = models.BooleanField(_("Meta Pixel and Conversions API on"), default=False)
    meta_pixel_id = models.CharField(_("Meta pixel id"), max_length=40, blank=True)
    meta_access_token = models.CharField(
        _("Conversions API access token"), max_length=500, blank=True
    )
    meta_test_event_code = models.CharField(
        _("Meta test event code"), max_length=40, blank=True, help_text=_("Optional: TEST…")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tracking settings")
        verbose_name_plural = _("tracking settings")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"], name="consent_trackingsettings_one_per_tenant"
            )
        ]

    def __str__(self) -> str:
        return str(_("Tracking settings"))

    @property
    def posthog_active(self) -> bool:
        return bool(self.posthog_enabled and self.posthog_api_key and self.posthog_host)

    @property
    def meta_active(self) -> bool:
        return bool(self.meta_enabled and self.meta_pixel_id)

"""Job Radar: saved searches, the tenant's listings (from every source), and each user's view of
a listing (its match score against their primary CV, whether it was e-mailed or saved).

Listings are per tenant: curated ones belong to the tenant by nature, and fetched ones are
stored in the tenant that asked for them, so RLS covers them like everything else.
De-duplication: a listing is unique per tenant by (source, source_id) *and* by `dedupe_key`
(normalised company + title + location), so the same job from two sources is one row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel

# Adzuna's country codes (the path segment of /v1/api/jobs/{country}/search/{page}) and the
# currency its salaries are quoted in (Adzuna returns amounts without a currency).
COUNTRIES: dict[str, tuple[Any, str]] = {
    "at": (_("Austria"), "EUR"),
    "au": (_("Australia"), "AUD"),
    "be": (_("Belgium"), "EUR"),
    "br": (_("Brazil"), "BRL"),
    "ca": (_("Canada"), "CAD"),
    "ch": (_("Switzerland"), "CHF"),
    "de": (_("Germany"), "EUR"),
    "es": (_("Spain"), "EUR"),
    "fr": (_("France"), "EUR"),
    "gb": (_("United Kingdom"), "GBP"),
    "in": (_("India"), "INR"),
    "it": (_("Italy"), "EUR"),
    "mx": (_("Mexico"), "MXN"),
    "nl": (_("Netherlands"), "EUR"),
    "nz": (_("New Zealand"), "NZD"),
    "pl": (_("Poland"), "PLN"),
    "sg": (_("Singapore"), "SGD"),
    "us": (_("United States"), "USD"),
    "za": (_("South Africa"), "ZAR"),
}
COUNTRY_CHOICES = sorted(
    ((code, label) for code, (label, _currency) in COUNTRIES.items()), key=lambda c: str(c[1])
)


def currency_for(country: str) -> str:
    return COUNTRIES.get(country, ("", ""))[1]


class ContractType(models.TextChoices):
    """What a saved search asks for; maps onto Adzuna's permanent/contract/full_time/part_time."""

    ANY = "", _("Any")
    PERMANENT = "permanent", _("Permanent")
    CONTRACT = "contract", _("Contract")
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")


class WorkplaceType(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    ON_SITE = "on_site", _("On-site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


class Source(models.TextChoices):
    CURATED = "curated", _("Curated by your career centre")
    ADZUNA = "adzuna", _("Adzuna")


class SavedSearch(TenantOwnedModel):
    class Status(models.TextChoices):
        IDLE = "idle", _("Up to date")
        QUEUED = "queued", _("Fetching")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="radar_searches"
    )
    name = models.CharField(_("name"), max_length=80)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    distance_km = models.PositiveSmallIntegerField(_("distance (km)"), null=True, blank=True)
    salary_min = models.PositiveIntegerField(_("minimum salary"), null=True, blank=True)
    remote_only = models.BooleanField(_("remote only"), default=False)
    contract_type = models.CharField(
        _("contract type"), max_length=12, choices=ContractType.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, default="gb")
    is_active = models.BooleanField(
        _("refresh automatically"),
        default=True,
        help_text=_("Refreshed in the background a few times a day."),
    )

    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.IDLE
    )
    # A stable code (see jobs.radar.sources.base.SourceError.code), translated at display time.
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    last_run_at = models.DateTimeField(_("last refreshed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "user", "-created_at"], name="radar_search_user"),
            models.Index(fields=["tenant", "is_active", "last_run_at"], name="radar_search_due"),
        ]

    def __str__(self) -> str:
        return self.name


class Listing(TenantOwnedModel):
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    # The source's own id (Adzuna's job id; for curated listings an import reference or a
    # generated one). Unique per tenant and source.
    source_id = models.CharField(_("source reference"), max_length=100)
    dedupe_key = models.CharField(_("duplicate key"), max_length=64, editable=False)

    title = models.CharField(_("job title"), max_length=200)
    company = models.CharField(_("company"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    area = models.JSONField(_("area"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    description = models.TextField(_("description"))
    redirect_url = models.URLField(_("link to the ad"), max_length=1000)
    category = models.CharField(_("category"), max_length=120, blank=True)
    contract_type = models.CharField(
        _("contract"),
        max_length=12,
        blank=True,
        choices=[
            ("", _("Not stated")),
            (ContractType.PERMANENT, ContractType.PERMANENT.label),
            (ContractType.CONTRACT, ContractType.CONTRACT.label),
        ],
    )
    contract_time = models.CharField(
        _("hours"),
        max_length=12,
        blank=True,
        choices=[
            ("", _("Not stated")),
            (ContractType.FULL_TIME, ContractType.FULL_TIME.label),
            (ContractType.PART_TIME, ContractType.PART_TIME.label),
        ],
    )
    workplace_type = models.CharField(
        _("workplace"), max_length=8, choices=WorkplaceType.choices, blank=True
    )
    salary_min = models.PositiveIntegerField(_("salary from"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary to"), null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, blank=True)
    salary_is_predicted = models.BooleanField(
        _("salary estimated"),
        default=False,
        help_text=_("The source estimated the salary; the ad does not state it."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    is_active = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished listings are not shown to users.")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job listing")
        verbose_name_plural = _("job listings")
        ordering = ("-posted_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "source", "source_id"], name="radar_listing_source_uniq"
            ),
            models.UniqueConstraint(fields=["tenant", "dedupe_key"], name="radar_listing_dedupe"),
        ]
        indexes = [
            models.Index(fields=["tenant", "source", "is_active"], name="radar_listing_source"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.company}"


class SearchHit(TenantOwnedModel):
    """A listing that a saved search found (several searches may find the same listing)."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="hits")
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("search result")
        verbose_name_plural = _("search results")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "search", "listing"], name="radar_hit_uniq"),
        ]


class ListingScore(TenantOwnedModel):
    """One user's view of one listing: the match score against their primary CV (null while
    they have none), and what happened to it (e-mailed in a digest, saved to the tracker).
    Stored so a results page is a single query sorted by score."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="radar_scores"
    )
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("match score"), null=True, blank=True)
    # Which CV (and which edit of it) the score was computed from; a different one means stale.
    resume_id = models.BigIntegerField(_("CV"), null=True, blank=True)
    resume_updated_at = models.DateTimeField(_("CV version"), null=True, blank=True)
    engine_version = models.CharField(_("engine version"), max_length=20, blank=True)
    matched_keywords = models.JSONField(_("matched keywords"), default=list, blank=True)
    missing_keywords = models.JSONField(_("missing keywords"), default=list, blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    notified_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved to the tracker"), null=True, blank=True)
    # jobs.Application's id. Not a ForeignKey: the tracker owns its rows (deleting the
    # application must not touch this record), and it is only ever looked up through
    # jobs' own selectors, which scope by tenant and user.
    application_id = models.BigIntegerField(_("application"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("listing score")
        verbose_name_plural = _("listing scores")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user", "listing"], name="radar_score_uniq"),
        ]
        indexes = [
            models.Index(fields=["tenant", "user", "-score"], name="radar_score_user"),
        ]


class RadarSettings(TenantOwnedModel):
    """A user's e-mail digest of new high matches."""

    class Digest(models.TextChoices):
        OFF = "off", _("Off")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="radar_settings"
    )
    digest = models.CharField(
        _("e-mail digest"), max_length=8, choices=Digest.choices, default=Digest.OFF
    )
    threshold = models.PositiveSmallIntegerField(_("minimum match score"), default=70)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Job Radar settings")
        verbose_name_plural = _("Job Radar settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="radar_settings_user_uniq"),
        ]


class DigestDelivery(TenantOwnedModel):
    """The outbox row of one digest e-mail: written (with the listings it carries) in the same
    transaction that marks those listings as sent, before anything leaves. The e-mail goes
    only after that commit, and only by the worker that moves the row from pending to sending,
    so a retried or duplicated task never sends a digest twice. One per user and digest period
    (the unique constraint is the "already sent this period" marker)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (will be retried)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="radar_digests"
    )
    period = models.CharField(_("digest period"), max_length=16)  # "2026-11-25" or "2026-W48"
    score_ids = models.JSONField(_("listings"), default=list)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "period"], name="radar_digest_period_uniq"
            ),
        ]

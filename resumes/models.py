"""CVs (résumés): the uploaded file, its parse state and its structured JSON Resume data.

One user may keep several CVs per tenant; at most one is primary (a partial unique constraint).
The structured data comes in two layers: `parsed_data` is what the extractor produced and is
replaced on every parse; `edited_data` is the user's corrected version and, once present, is
what every later feature (scoring, optimising, export) reads — see `Resume.data`.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel

# A parse still pending after this long is stuck (its task was lost: the broker was down when it
# was queued, or a worker vanished) — well past the task's hard time limit. The user may retry.
STALE_AFTER = timedelta(minutes=5)


def resume_file_path(instance: Resume, filename: str) -> str:
    # Tenant first (storage paths carry the tenant: erasure and S3 prefixes scope by it), then
    # the owner. The name is random: the user's file name never reaches the storage path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"tenants/{instance.tenant_id}/resumes/{instance.user_id}/{uuid.uuid4().hex}.{extension}"


class Resume(TenantOwnedModel):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        JSON = "json", "JSON Resume"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Queued")
        EXTRACTING = "extracting", _("Reading")
        PARSED = "parsed", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes"
    )
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("format"), max_length=8, choices=Kind.choices)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=resume_file_path, max_length=300, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    # A stable code (see resumes.errors) rendered as a translated message at display time.
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    parse_attempts = models.PositiveSmallIntegerField(_("parse attempts"), default=0)
    parse_engine = models.CharField(_("parse engine"), max_length=40, blank=True)
    parse_started_at = models.DateTimeField(_("parse started"), null=True, blank=True)
    parsed_at = models.DateTimeField(_("parsed"), null=True, blank=True)

    extracted_text = models.TextField(_("extracted text"), blank=True)
    parsed_data = models.JSONField(_("parsed data"), null=True, blank=True)
    edited_data = models.JSONField(_("edited data"), null=True, blank=True)

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "user", "-created_at"], name="resumes_user_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"],
                condition=Q(is_primary=True),
                name="resumes_one_primary_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def data(self) -> dict[str, Any] | None:
        """What later features use: the user's edit when there is one, else the parse."""
        if self.edited_data is not None:
            return self.edited_data
        return self.parsed_data

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.EXTRACTING)

    @property
    def is_stale(self) -> bool:
        return self.is_pending and self.updated_at < timezone.now() - STALE_AFTER

    @property
    def can_retry(self) -> bool:
        return bool(self.file) and (self.status == self.Status.FAILED or self.is_stale)

    @property
    def has_file(self) -> bool:
        return bool(self.file)


class MatchScore(TenantOwnedModel):
    """One scoring of a CV against a job description, kept so the user sees their history.

    The breakdown is the engine's result as stored JSON (reason codes, not sentences: they are
    translated when shown). `engine_version` says which rules produced it; an old score is not
    recomputed behind the user's back.
    """

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="match_scores")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_scores"
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    job_description = models.TextField(_("job description"))
    score = models.PositiveSmallIntegerField(_("score"))
    breakdown = models.JSONField(_("breakdown"), default=dict)
    missing_keywords = models.JSONField(_("missing keywords"), default=list)
    engine_version = models.CharField(_("engine version"), max_length=20)
    created_at = models.DateTimeField(_("scored"), auto_now_add=True)

    class Meta:
        verbose_name = _("match score")
        verbose_name_plural = _("match scores")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "resume", "-created_at"], name="resumes_match_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title or '—'}: {self.score}"


class Optimisation(TenantOwnedModel):
    """One run of "optimise this CV for this job": the suggestions and the user's decisions.

    `source_data` is the CV data the suggestions were made from (a snapshot: the user may edit
    the CV afterwards, and every suggestion must stay linked to the exact text it rewrites).
    `suggestions` is a list of dicts (see resumes.optimisation.suggestions), each with its
    path, original and suggested text, fabrication flags and decision.
    """

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="optimisations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cv_optimisations"
    )
    match = models.ForeignKey(
        MatchScore,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="optimisations",
        verbose_name=_("match score"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    job_description = models.TextField(_("job description"))
    provider = models.CharField(_("AI provider"), max_length=32)
    model_name = models.CharField(_("AI model"), max_length=100, blank=True)
    source_data = models.JSONField(_("source data"), default=dict)
    suggestions = models.JSONField(_("suggestions"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CV optimisation")
        verbose_name_plural = _("CV optimisations")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "resume", "-created_at"], name="resumes_optim_recent"),
        ]

    def __str__(self) -> str:
        return self.job_title or str(_("CV optimisation"))


class ResumeVersion(TenantOwnedModel):
    """A named, saved version of a CV (e.g. optimised for one job). The CV it comes from is
    never modified; deleting the CV deletes its versions."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="versions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_versions"
    )
    optimisation = models.ForeignKey(
        Optimisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("optimisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    data = models.JSONField(_("data"), default=dict)
    applied_count = models.PositiveSmallIntegerField(_("suggestions applied"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CV version")
        verbose_name_plural = _("CV versions")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["tenant", "resume", "-created_at"], name="resumes_version_recent"),
        ]

    def __str__(self) -> str:
        return self.name

"""Per-tenant AI settings and the usage ledger (one row per provider attempt)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel

PROVIDER_NAMES = ("anthropic", "openai", "gemini", "local")


def parse_provider_order(value: str) -> list[str]:
    """ "anthropic, gemini,local" -> ["anthropic", "gemini", "local"] (order kept, no blanks)."""
    return [name.strip().lower() for name in value.split(",") if name.strip()]


class TenantAISettings(TenantOwnedModel):
    """A tenant's override of the platform AI settings; blank fields fall back to settings."""

    provider_order = models.CharField(
        _("provider order"),
        max_length=200,
        blank=True,
        help_text=_(
            "Comma-separated, first choice first, e.g. “anthropic, gemini, local”. Providers "
            "without an API key on the platform are skipped. Blank: the platform default."
        ),
    )
    anthropic_model = models.CharField(_("Anthropic model"), max_length=100, blank=True)
    openai_model = models.CharField(_("OpenAI model"), max_length=100, blank=True)
    gemini_model = models.CharField(_("Gemini model"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("AI settings")
        verbose_name_plural = _("AI settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="ai_tenantaisettings_one_per_tenant")
        ]

    def __str__(self) -> str:
        return str(_("AI settings"))

    def clean(self) -> None:
        unknown = [n for n in parse_provider_order(self.provider_order) if n not in PROVIDER_NAMES]
        if unknown:
            raise ValidationError(
                {
                    "provider_order": _("Unknown provider(s): %(names)s. Use: %(known)s.")
                    % {"names": ", ".join(unknown), "known": ", ".join(PROVIDER_NAMES)}
                }
            )

    def model_overrides(self) -> dict[str, str]:
        overrides = {
            "anthropic": self.anthropic_model,
            "openai": self.openai_model,
            "gemini": self.gemini_model,
        }
        return {name: model for name, model in overrides.items() if model}


class AIUsageEvent(TenantOwnedModel):
    """One provider attempt: successes and failures alike, so outages and retries are visible
    and quotas/billing can count what was actually spent."""

    class Status(models.TextChoices):
        OK = "ok", _("OK")
        ERROR = "error", _("Error")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    feature = models.CharField(_("feature"), max_length=64)
    provider = models.CharField(_("provider"), max_length=32)
    model = models.CharField(_("model"), max_length=100, blank=True)
    input_tokens = models.PositiveIntegerField(_("input tokens"), default=0)
    output_tokens = models.PositiveIntegerField(_("output tokens"), default=0)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), default=0)
    cost_usd = models.DecimalField(
        _("cost (USD)"), max_digits=12, decimal_places=6, default=Decimal("0")
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    error_type = models.CharField(_("error type"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("AI usage event")
        verbose_name_plural = _("AI usage events")
        indexes = [
            models.Index(fields=["tenant", "user", "created_at"], name="ai_usage_tenant_user_idx"),
            models.Index(fields=["tenant", "feature", "created_at"], name="ai_usage_feature_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.feature} · {self.provider} · {self.status}"

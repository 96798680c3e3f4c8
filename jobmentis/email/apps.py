from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmailConfig(AppConfig):
    """Outbound email pipeline: every message Django sends is stored in the outbox and delivered
    by a Celery task through the configured provider (anymail), with retries, suppression of
    bouncing addresses and delivery events from the providers' webhooks."""

    name = "jobmentis.email"
    label = "email"
    verbose_name = _("Email delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jobmentis.email import webhooks  # noqa: F401  (connects anymail's tracking signal)

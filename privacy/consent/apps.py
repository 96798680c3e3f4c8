from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    """Policy versions, the append-only consent ledger, the cookie banner and the trackers
    (PostHog, Meta) that only run with consent. Nested in the privacy package, its own label."""

    name = "privacy.consent"
    label = "consent"
    verbose_name = _("Consent and tracking")
    default_auto_field = "django.db.models.BigAutoField"

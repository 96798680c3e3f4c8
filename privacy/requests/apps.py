from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DsrConfig(AppConfig):
    """Data-subject requests (GDPR Art. 15-21): the request queue, the public request form with
    an emailed code, and the contact form. Nested in the privacy package, its own app label."""

    name = "privacy.requests"
    label = "dsr"
    verbose_name = _("Data-subject requests")
    default_auto_field = "django.db.models.BigAutoField"

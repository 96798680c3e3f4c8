from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RadarConfig(AppConfig):
    """Job Radar: saved searches, listings from several sources, scored against the user's CV."""

    name = "jobs.radar"
    label = "radar"
    verbose_name = _("Job Radar")
    default_auto_field = "django.db.models.BigAutoField"

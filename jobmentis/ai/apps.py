from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AIConfig(AppConfig):
    name = "jobmentis.ai"
    label = "ai"
    verbose_name = _("AI")
    default_auto_field = "django.db.models.BigAutoField"

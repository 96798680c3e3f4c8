from __future__ import annotations

from django.apps import AppConfig


class ResumesConfig(AppConfig):
    name = "resumes"
    default_auto_field = "django.db.models.BigAutoField"

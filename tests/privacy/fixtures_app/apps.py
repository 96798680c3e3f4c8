from __future__ import annotations

from django.apps import AppConfig


class FixturesAppConfig(AppConfig):
    """Deliberately broken models, installed only inside the coverage tests that must fail."""

    name = "tests.privacy.fixtures_app"
    label = "privacy_fixtures"
    default_auto_field = "django.db.models.BigAutoField"

from __future__ import annotations

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "jobmentis.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jobmentis.tenancy import tasks  # noqa: F401  (registers Celery tasks)

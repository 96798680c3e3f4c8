from __future__ import annotations

from django.apps import AppConfig


class ResumesConfig(AppConfig):
    name = "resumes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The local AI engine's implementation of "cv.extract" (no key, no network).
        from resumes.optimisation.engine import register_local_handler as register_optimiser
        from resumes.structuring import register_local_handler

        register_local_handler()
        # ... and of "cv_optimisation": deterministic rewriting that never invents facts.
        register_optimiser()

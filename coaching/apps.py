from __future__ import annotations

from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The local engine's implementations of the coaching features (no key, no network).
        from coaching.engine import coach, interviews, letters
        from jobmentis.ai.providers import local

        local.register(letters.FEATURE, letters.local_letter)
        local.register(interviews.PACK_FEATURE, interviews.local_pack)
        local.register(interviews.PRACTICE_FEATURE, interviews.local_practice)
        local.register_stream(coach.FEATURE, coach.local_stream)

from __future__ import annotations

from tests.email.conftest import eager_celery, fake_email_providers, outbox_settings

__all__ = ["eager_celery", "fake_email_providers", "outbox_settings"]

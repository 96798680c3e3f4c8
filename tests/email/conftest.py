from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jobmentis.celery import app as celery_app
from tests.fakes.email_providers import API_KEY, FakeEmailProviders, fake_email_providers

__all__ = ["fake_email_providers"]

PROVIDER_BACKENDS = {
    "brevo": "anymail.backends.brevo.EmailBackend",
    "resend": "anymail.backends.resend.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
}


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Tasks queued on commit run in this process (retries included, without the countdown)."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def outbox_settings(settings: Any, fake_email_providers: FakeEmailProviders) -> Any:
    """The production pipeline: outbox backend, delivery through a real anymail backend
    (Brevo unless a test switches EMAIL_DELIVERY_BACKEND) against the fake providers."""
    settings.EMAIL_BACKEND = "jobmentis.email.backends.OutboxBackend"
    settings.EMAIL_DELIVERY_BACKEND = PROVIDER_BACKENDS["brevo"]
    settings.EMAIL_MAX_ATTEMPTS = 3
    settings.ANYMAIL = {
        "BREVO_API_KEY": API_KEY,
        "BREVO_API_URL": fake_email_providers.brevo_url,
        "RESEND_API_KEY": API_KEY,
        "RESEND_API_URL": fake_email_providers.resend_url,
        "SENDGRID_API_KEY": API_KEY,
        "SENDGRID_API_URL": fake_email_providers.sendgrid_url,
        "WEBHOOK_SECRET": "hook:s3cret",
        "RESEND_SIGNING_SECRET": "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }
    settings.BREVO_CONTACTS_API_URL = fake_email_providers.brevo_url.rstrip("/")
    settings.BREVO_API_KEY = API_KEY
    return settings

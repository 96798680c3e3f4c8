"""The pipeline through a real Celery worker (a subprocess over Redis, not eager mode): the web
side stores the message and queues it on commit; the worker delivers it with the real Brevo
backend to the fake provider, retries an outage with backoff and marks it failed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.mail import send_mail

from accounts.models import Tenant
from jobmentis.email.models import OutboxMessage
from jobmentis.tenancy.context import tenant_context
from tests.fakes.email_providers import API_KEY, FakeEmailProviders
from tests.workers import celery_worker_process

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def email_worker(django_db_setup: None, fake_email_providers: FakeEmailProviders) -> Iterator[str]:
    """A worker configured (through the environment, like production) to deliver via Brevo
    at the fake provider, with 1-second backoff and 3 attempts."""
    env = {
        "EMAIL_PROVIDER": "brevo",
        "BREVO_API_KEY": API_KEY,
        "BREVO_API_URL": fake_email_providers.brevo_url,
        "EMAIL_MAX_ATTEMPTS": "3",
        "EMAIL_RETRY_BASE_SECONDS": "1",
    }
    with celery_worker_process(name="email", env=env) as node:
        yield node


def _wait_for(status: str, timeout: float = 30) -> OutboxMessage:
    deadline = time.monotonic() + timeout
    while True:
        row = OutboxMessage.objects.get()
        if row.status == status or time.monotonic() > deadline:
            return row
        time.sleep(0.3)


def test_worker_delivers_retries_and_fails_visibly(
    email_worker: str,
    fake_email_providers: FakeEmailProviders,
    settings: Any,
    tenant_a: Tenant,
) -> None:
    settings.EMAIL_BACKEND = "jobmentis.email.backends.OutboxBackend"
    with tenant_context(tenant_a.pk):
        send_mail("Welcome", "Hello from the worker", None, ["ada@example.com"])
    row = _wait_for(OutboxMessage.Status.SENT)
    assert row.status == OutboxMessage.Status.SENT
    assert row.provider == "brevo" and row.provider_message_id
    [request] = fake_email_providers.sent("brevo")
    assert "Hello from the worker" in str(request.body)

    # Outage: three attempts with backoff, then failed; the row keeps the message.
    OutboxMessage.objects.all().delete()
    fake_email_providers.outage = True
    with tenant_context(tenant_a.pk):
        send_mail("Second", "Still here", None, ["ada@example.com"])
    row = _wait_for(OutboxMessage.Status.FAILED)
    assert row.status == OutboxMessage.Status.FAILED
    assert row.attempts == 3 and "500" in row.last_error
    assert row.payload["body"] == "Still here"

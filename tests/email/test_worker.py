"""The pipeline through a real Celery worker (a subprocess over Redis, not eager mode): the web
side stores the message and queues it on commit; the worker delivers it with the real Brevo
backend to the fake provider, retries an outage with backoff and marks it failed."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.mail import send_mail

from accounts.models import Tenant
from jobmentis.celery import app as celery_app
from jobmentis.email.models import OutboxMessage
from jobmentis.tenancy.context import tenant_context
from tests.fakes.email_providers import API_KEY, FakeEmailProviders

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def email_worker(django_db_setup: None, fake_email_providers: FakeEmailProviders) -> Iterator[str]:
    """A worker configured (through the environment, like production) to deliver via Brevo
    at the fake provider, with 1-second backoff and 3 attempts."""
    node = f"email-{uuid.uuid4().hex[:6]}@localhost"
    celery_app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobmentis.settings.test",
        "EMAIL_PROVIDER": "brevo",
        "BREVO_API_KEY": API_KEY,
        "BREVO_API_URL": fake_email_providers.brevo_url,
        "EMAIL_MAX_ATTEMPTS": "3",
        "EMAIL_RETRY_BASE_SECONDS": "1",
    }
    log = tempfile.NamedTemporaryFile(prefix="email-worker-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "jobmentis",
        "worker",
        "--pool",
        "solo",
        "-Q",
        settings.CELERY_TASK_DEFAULT_QUEUE,
        "-n",
        node,
        "-l",
        "info",
        "--without-gossip",
        "--without-mingle",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while not celery_app.control.ping(destination=[node], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{Path(log.name).read_text()[-3000:]}")
        yield node
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        Path(log.name).unlink()


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

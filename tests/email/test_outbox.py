"""The outbox pipeline: Django's send_mail lands in the outbox, a Celery task delivers it
through the real anymail backends (against fake provider endpoints), retries a provider outage
with backoff, marks it failed after the last attempt, and staff can retry it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail

from accounts.models import Tenant
from jobmentis.email.models import OutboxMessage
from jobmentis.email.services import outbox_attempt, outbox_retry, retry_delay
from jobmentis.email.suppression import address_hash, suppression_add
from jobmentis.tenancy.context import tenant_context
from tests.email.conftest import PROVIDER_BACKENDS
from tests.fakes.email_providers import FakeEmailProviders

pytestmark = pytest.mark.django_db


def _send_html(to: str = "ada@example.com") -> None:
    message = EmailMultiAlternatives("Hello", "Plain body", "JobMentis <no-reply@jm.test>", [to])
    message.attach_alternative("<p>HTML body</p>", "text/html")
    message.attach("note.txt", b"attached", "text/plain")
    message.send()


@pytest.mark.parametrize("provider", ["brevo", "resend", "sendgrid"])
def test_send_mail_is_stored_then_delivered_through_the_provider(
    provider: str,
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
    tenant_a: Tenant,
) -> None:
    outbox_settings.EMAIL_DELIVERY_BACKEND = PROVIDER_BACKENDS[provider]
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a.pk):
        _send_html()
        # Nothing leaves before the transaction commits.
        assert fake_email_providers.sent(provider) == []
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.SENT
    assert row.workspace_id == tenant_a.pk
    assert row.recipients == ["ada@example.com"]
    assert row.provider == provider
    assert row.provider_message_id
    [request] = fake_email_providers.sent(provider)
    wire = str(request.body)
    assert "ada@example.com" in wire and "HTML body" in wire and "Plain body" in wire
    assert mail.outbox == []  # not the locmem backend


def test_rolled_back_transaction_sends_nothing(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_mail("Hi", "Body", None, ["ada@example.com"])
                raise RuntimeError("request failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert fake_email_providers.requests == []


def test_provider_outage_is_retried_then_marked_failed_and_nothing_is_lost(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from jobmentis.celery import app as celery_app

    # Eager mode runs each retry the task schedules at once (the countdown is skipped).
    celery_app.conf.task_eager_propagates = False
    fake_email_providers.outage = True
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Hi", "Body", None, ["ada@example.com"])
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.FAILED
    assert row.attempts == 3
    assert "500" in row.last_error
    assert len(fake_email_providers.sent("brevo")) == 3
    assert row.payload["body"] == "Body"  # the message itself is kept

    # The provider is back: staff retry from the console and it goes out.
    fake_email_providers.outage = False
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry(outbox_id=row.pk)
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.SENT
    assert len(fake_email_providers.sent("brevo")) == 4


def test_one_failed_attempt_schedules_a_retry_with_backoff(
    outbox_settings: Any, fake_email_providers: FakeEmailProviders
) -> None:
    fake_email_providers.outage = True
    row = OutboxMessage.objects.create(
        subject="Hi",
        recipients=["ada@example.com"],
        payload={
            "subject": "Hi",
            "body": "Body",
            "from_email": "a@jm.test",
            "to": ["ada@example.com"],
            "cc": [],
            "bcc": [],
            "reply_to": [],
            "headers": {},
            "alternatives": [],
            "attachments": [],
        },
    )
    result = outbox_attempt(outbox_id=row.pk)
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.QUEUED
    assert result.retry_in == retry_delay(1)
    assert retry_delay(2) == 2 * retry_delay(1)
    assert row.next_attempt_at is not None


def test_sent_message_is_not_sent_twice_when_the_task_is_redelivered(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Hi", "Body", None, ["ada@example.com"])
    row = OutboxMessage.objects.get()
    assert outbox_attempt(outbox_id=row.pk).status == OutboxMessage.Status.SENT
    assert len(fake_email_providers.sent("brevo")) == 1


def test_suppressed_address_is_not_delivered(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
) -> None:
    suppression_add(address=" Ada@Example.com ", tenant_id=None, reason="bounced")
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Hi", "Body", None, ["ada@example.com"])
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.SUPPRESSED
    assert fake_email_providers.sent("brevo") == []


def test_suppression_of_one_tenant_does_not_block_another(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
    tenant_a: Tenant,
    tenant_b: Tenant,
) -> None:
    suppression_add(address="ada@example.com", tenant_id=tenant_a.pk, reason="bounced")
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_b.pk):
        send_mail("Hi", "Body", None, ["ada@example.com"])
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_suppression_list_holds_only_a_keyed_hash(settings: Any) -> None:
    entry = suppression_add(address="ada@example.com", tenant_id=None, reason="bounced")
    assert "ada" not in entry.address_hash
    assert entry.address_hash == address_hash("ADA@example.com")
    settings.EMAIL_SUPPRESSION_KEY = "another key"
    assert entry.address_hash != address_hash("ada@example.com")


def test_default_delivery_writes_files_on_a_fresh_machine(
    outbox_settings: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
    tmp_path: Any,
) -> None:
    outbox_settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    outbox_settings.EMAIL_FILE_PATH = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Hi", "Body of the file mail", None, ["ada@example.com"])
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    [written] = list(tmp_path.iterdir())
    assert "Body of the file mail" in written.read_text()


def test_queued_message_whose_task_was_lost_is_requeued(
    outbox_settings: Any,
    eager_celery: None,
    fake_email_providers: FakeEmailProviders,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from jobmentis.email.services import outbox_requeue_stale

    with django_capture_on_commit_callbacks(execute=False):  # the task message is "lost"
        send_mail("Hi", "Body", None, ["ada@example.com"])
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.QUEUED
    assert outbox_requeue_stale() == 0  # not stale yet
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_requeue_stale() == 1
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.SENT

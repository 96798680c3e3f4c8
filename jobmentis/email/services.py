"""The outbox: store every outgoing message, deliver it through the configured provider.

`outbox_enqueue` is called by OutboxBackend (so every `send_mail`/`EmailMessage.send()` and
allauth's mails land here); it writes the row in the caller's transaction and queues delivery
on commit, so a rolled-back request sends nothing and a committed one is never lost.
`outbox_attempt` makes one delivery attempt; the task (jobmentis.email.tasks) retries it with
exponential backoff and marks the row failed after EMAIL_MAX_ATTEMPTS. Failed rows stay in the
outbox for staff to retry (`outbox_retry`).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from anymail.exceptions import AnymailError
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from jobmentis.email.models import OutboxMessage
from jobmentis.email.serialise import message_to_payload, payload_to_message
from jobmentis.email.suppression import address_normalise, suppressed_addresses
from jobmentis.tenancy.context import current_tenant_id

logger = logging.getLogger(__name__)

MARKETING_HEADER = "List-Unsubscribe"


class DeliveryFailed(Exception):
    """One attempt failed for a reason worth retrying (provider outage, network, 5xx)."""


@dataclass(frozen=True)
class AttemptResult:
    status: str
    retry_in: timedelta | None = None


def _provider_name() -> str:
    backend = str(settings.EMAIL_DELIVERY_BACKEND)
    if backend.startswith("anymail.backends."):
        return backend.split(".")[2]
    return backend.rsplit(".", 2)[-2]


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2 * base, 4 * base, ... capped at an hour."""
    seconds = settings.EMAIL_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, 3600))


def outbox_enqueue(*, message: EmailMessage, tenant_id: int | None = None) -> OutboxMessage:
    payload = message_to_payload(message)
    recipients = [address_normalise(a) for a in [*payload["to"], *payload["cc"], *payload["bcc"]]]
    kind = (
        OutboxMessage.Kind.MARKETING
        if MARKETING_HEADER in payload["headers"]
        else OutboxMessage.Kind.TRANSACTIONAL
    )
    row = OutboxMessage.objects.create(
        workspace_id=tenant_id if tenant_id is not None else current_tenant_id(),
        kind=kind,
        subject=payload["subject"][:998],
        recipients=[r for r in recipients if r],
        payload=payload,
        next_attempt_at=timezone.now(),
    )
    outbox_schedule(outbox_id=row.pk)
    return row


def outbox_schedule(*, outbox_id: int, countdown: float = 0) -> None:
    from jobmentis.email.tasks import email_deliver

    # robust: a broker hiccup must not turn a committed request into an error page; the row is
    # saved and the beat's outbox_requeue_stale picks it up.
    transaction.on_commit(
        lambda: email_deliver.apply_async(kwargs={"outbox_id": outbox_id}, countdown=countdown),
        robust=True,
    )


def outbox_attempt(*, outbox_id: int) -> AttemptResult:
    """One delivery attempt. Idempotent: a row that is no longer queued is left alone (a
    redelivered task message must not send twice)."""
    with transaction.atomic():
        row = OutboxMessage.objects.select_for_update().filter(pk=outbox_id).first()
        if row is None or row.status != OutboxMessage.Status.QUEUED:
            return AttemptResult(status=row.status if row else "missing")
        message = payload_to_message(row.payload)
        blocked = suppressed_addresses(
            addresses=row.recipients,
            tenant_id=row.workspace_id,
            marketing=row.kind == OutboxMessage.Kind.MARKETING,
        )
        if blocked:
            message.to = [a for a in message.to if address_normalise(a) not in blocked]
            message.cc = [a for a in message.cc if address_normalise(a) not in blocked]
            message.bcc = [a for a in message.bcc if address_normalise(a) not in blocked]
            if not message.recipients():
                row.status = OutboxMessage.Status.SUPPRESSED
                row.last_error = "every recipient is on the suppression list"
                row.next_attempt_at = None
                row.save(update_fields=["status", "last_error", "next_attempt_at"])
                return AttemptResult(status=row.status)
        # Providers that support it return these in webhooks: events find their message.
        message.metadata = {"outbox_id": str(row.pk), "tenant_id": str(row.workspace_id or "")}  # type: ignore[attr-defined]
        row.attempts += 1
        row.provider = _provider_name()
        try:
            connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
            connection.send_messages([message])
        except (AnymailError, smtplib.SMTPException, OSError) as error:
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            if row.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                row.status = OutboxMessage.Status.FAILED
                row.next_attempt_at = None
                logger.error("email %s failed after %s attempts: %s", row.pk, row.attempts, error)
                delay = None
            else:
                delay = retry_delay(row.attempts)
                row.next_attempt_at = timezone.now() + delay
                logger.warning("email %s attempt %s failed: %s", row.pk, row.attempts, error)
            row.save(
                update_fields=["attempts", "provider", "last_error", "status", "next_attempt_at"]
            )
            return AttemptResult(status=row.status, retry_in=delay)
        status = getattr(message, "anymail_status", None)
        row.provider_message_id = (getattr(status, "message_id", None) or "")[:255]
        row.status = OutboxMessage.Status.SENT
        row.sent_at = timezone.now()
        row.next_attempt_at = None
        row.last_error = ""
        row.save(
            update_fields=[
                "attempts",
                "provider",
                "provider_message_id",
                "status",
                "sent_at",
                "next_attempt_at",
                "last_error",
            ]
        )
        return AttemptResult(status=row.status)


def outbox_retry(*, outbox_id: int) -> bool:
    """Staff: send a failed (or stuck queued) message again, from a fresh attempt count."""
    updated = OutboxMessage.objects.filter(
        pk=outbox_id, status__in=[OutboxMessage.Status.FAILED, OutboxMessage.Status.QUEUED]
    ).update(
        status=OutboxMessage.Status.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
    )
    if updated:
        outbox_schedule(outbox_id=outbox_id)
    return bool(updated)


def outbox_requeue_stale(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Beat: re-queue messages whose delivery task went missing (broker restarted without
    persistence, a task message dropped). Delivery is idempotent, so a duplicate is harmless."""
    cutoff = timezone.now() - older_than
    ids = list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.QUEUED, next_attempt_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    for outbox_id in ids:
        outbox_schedule(outbox_id=outbox_id)
    return len(ids)

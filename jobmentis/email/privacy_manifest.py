"""Personal data held by the email pipeline (format: privacy/manifest.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet

from privacy.manifest import (
    INTERNAL,
    TECHNICAL,
    AppManifest,
    Category,
    ModelEntry,
    Retain,
    Retention,
    hidden,
    observed,
)

CONTENT = observed(Category.COMMUNICATION)


def _user_addresses(user_id: int) -> list[str]:
    from allauth.account.models import EmailAddress

    from accounts.models import User

    emails = {
        e.lower()
        for e in EmailAddress.objects.filter(user_id=user_id).values_list("email", flat=True)
    }
    emails.update(
        e.lower() for e in User.objects.filter(pk=user_id).values_list("email", flat=True)
    )
    return sorted(emails)


def _outbox_of_user(user_id: int) -> QuerySet[Any]:
    from jobmentis.email.models import OutboxMessage

    return OutboxMessage.objects.filter(recipients__overlap=_user_addresses(user_id))


def _events_of_user(user_id: int) -> QuerySet[Any]:
    from jobmentis.email.models import DeliveryEvent

    return DeliveryEvent.objects.filter(message__recipients__overlap=_user_addresses(user_id))


MANIFEST = AppManifest(
    models=[
        ModelEntry(
            model="email.OutboxMessage",
            purpose="Emails we sent you, kept for delivery, retries and support for 90 days.",
            lookup=_outbox_of_user,
            fields={
                "workspace": INTERNAL,
                "kind": TECHNICAL,
                "status": TECHNICAL,
                "subject": CONTENT,
                "recipients": CONTENT,
                "payload": CONTENT,
                "attempts": TECHNICAL,
                "last_error": TECHNICAL,
                "provider": TECHNICAL,
                "provider_message_id": INTERNAL,
                "created_at": TECHNICAL,
                "next_attempt_at": INTERNAL,
                "sent_at": TECHNICAL,
            },
            retention=Retention(
                age=timedelta(days=90),
                timestamp_field="created_at",
                description="Sent and failed emails are deleted 90 days after they were queued.",
            ),
        ),
        ModelEntry(
            model="email.DeliveryEvent",
            purpose=(
                "Bounces and spam reports about emails we sent you; deliveries and opens only "
                "if you allowed marketing analytics."
            ),
            lookup=_events_of_user,
            fields={
                "message": INTERNAL,
                "event_type": TECHNICAL,
                "provider": TECHNICAL,
                "occurred_at": TECHNICAL,
                "description": TECHNICAL,
            },
            retention=Retention(
                age=timedelta(days=90),
                timestamp_field="occurred_at",
                description="Delivery events are deleted after 90 days.",
            ),
        ),
        ModelEntry(
            model="email.Suppression",
            purpose=(
                "Addresses that bounced or reported spam, stored only as a keyed hash so we "
                "never send to them again. Identifies nobody without the key."
            ),
            personal=False,
            erasure=Retain(
                legal_basis=(
                    "legitimate interest (Art. 6(1)(f)): not sending to an address that "
                    "bounced or complained; a keyed hash, no personal data"
                ),
                until="the address is confirmed working again",
            ),
            fields={
                "workspace": INTERNAL,
                "address_hash": hidden(Category.TECHNICAL),
                "reason": INTERNAL,
                "provider": INTERNAL,
                "description": INTERNAL,
                "created_at": INTERNAL,
            },
        ),
    ]
)

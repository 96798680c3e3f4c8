"""EMAIL_BACKEND for every environment but the unit tests: messages go to the outbox and are
delivered by a Celery worker through EMAIL_DELIVERY_BACKEND (console/file/SMTP/anymail)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from jobmentis.email.services import outbox_enqueue


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        stored = 0
        for message in email_messages:
            if not message.recipients():
                continue
            outbox_enqueue(message=message)
            stored += 1
        return stored

"""An EmailMessage as JSON and back: what the outbox stores so that a worker can deliver the
exact message later (after a restart, on another machine, after a provider outage)."""

from __future__ import annotations

import base64
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives

# Larger attachments are refused rather than stored in the database row (exports are links).
MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024


class MessageNotSerialisable(ValueError):
    pass


def _attachment(item: Any) -> dict[str, str]:
    if isinstance(item, MIMEBase):
        raise MessageNotSerialisable("MIME attachments are not supported by the outbox")
    filename, content, mimetype = item
    raw = content.encode() if isinstance(content, str) else bytes(content)
    if len(raw) > MAX_ATTACHMENT_BYTES:
        raise MessageNotSerialisable(f"attachment {filename!r} is too large for the outbox")
    return {
        "filename": filename or "",
        "content": base64.b64encode(raw).decode(),
        "mimetype": mimetype or "application/octet-stream",
    }


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    alternatives = [
        [str(alt[0]), str(alt[1])] for alt in getattr(message, "alternatives", []) or []
    ]
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": alternatives,
        "attachments": [_attachment(item) for item in message.attachments],
    }


def payload_to_message(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    message.content_subtype = payload.get("content_subtype", "plain")
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for item in payload["attachments"]:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message

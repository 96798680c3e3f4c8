"""Delivery events from the providers, through anymail's tracking webhooks (anymail.urls, under
/webhooks/email/ on platform hosts). anymail authenticates each request (basic auth with
ANYMAIL["WEBHOOK_SECRET"]; Resend's Svix signature with RESEND_SIGNING_SECRET) before this
handler runs, so a forged event never reaches it.

Bounces, rejections and spam complaints put the address on the suppression list (as a keyed
hash). Deliveries, opens and clicks are recorded only when the recipient consented to marketing
analytics (privacy.consent); otherwise they are dropped on arrival.
"""

from __future__ import annotations

import logging
from typing import Any

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver

from jobmentis.email.models import DeliveryEvent, OutboxMessage, Suppression
from jobmentis.email.suppression import MAILBOX_REASONS, suppression_add

logger = logging.getLogger(__name__)

SUPPRESSING = {
    "bounced": Suppression.Reason.BOUNCED,
    "rejected": Suppression.Reason.REJECTED,
    "complained": Suppression.Reason.COMPLAINED,
    "unsubscribed": Suppression.Reason.UNSUBSCRIBED,
}
ANALYTICS = {"delivered", "opened", "clicked"}


def _message_for(event: AnymailTrackingEvent) -> OutboxMessage | None:
    if event.message_id:
        found = OutboxMessage.objects.filter(provider_message_id=event.message_id).first()
        if found is not None:
            return found
    outbox_id = (event.metadata or {}).get("outbox_id")
    if outbox_id and str(outbox_id).isdigit():
        return OutboxMessage.objects.filter(pk=int(outbox_id)).first()
    return None


def _analytics_consented(*, message: OutboxMessage, recipient: str) -> bool:
    """Deliveries and opens are kept only for a member who consented to marketing analytics on
    the tenant the email was sent for."""
    from accounts.models import Tenant, User
    from privacy.consent.interfaces import has_consent

    if message.workspace_id is None:
        return False
    user = User.objects.filter(email__iexact=recipient).first()
    tenant = Tenant.objects.filter(pk=message.workspace_id).first()
    if user is None or tenant is None:
        return False
    return has_consent(tenant=tenant, user=user, purpose="marketing")


def _marketing_withdraw(*, message: OutboxMessage, recipient: str, event_type: str) -> None:
    """A complaint or an unsubscribe at the provider ends the newsletter subscription too."""
    from accounts.models import Tenant, User
    from jobmentis.tenancy.context import tenant_context
    from notifications.services import marketing_withdraw

    if message.workspace_id is None:
        return
    user = User.objects.filter(email__iexact=recipient).first()
    tenant = Tenant.objects.filter(pk=message.workspace_id).first()
    if user is None or tenant is None:
        return
    with tenant_context(tenant.pk):
        marketing_withdraw(user=user, tenant=tenant, source=f"provider_{event_type}")


def delivery_event_record(*, event: AnymailTrackingEvent, esp_name: str) -> None:
    event_type = str(event.event_type or "")
    message = _message_for(event)
    recipient = event.recipient or ""
    reason = SUPPRESSING.get(event_type)
    if reason is not None and recipient:
        # A hard bounce is about the mailbox, whichever tenant sent to it: suppressed
        # everywhere. A complaint or unsubscribe is about one tenant's mail: for that tenant
        # (and it only stops marketing, see suppression.MAILBOX_REASONS).
        tenant_id = (
            message.workspace_id
            if (message is not None and reason not in MAILBOX_REASONS)
            else None
        )
        suppression_add(
            address=recipient,
            tenant_id=tenant_id,
            reason=reason,
            provider=esp_name,
            description=str(event.description or event.mta_response or "")[:255],
        )
    if message is None:
        return
    if event_type in ("complained", "unsubscribed") and message.workspace_id is not None:
        _marketing_withdraw(message=message, recipient=recipient, event_type=event_type)
    if event_type in ANALYTICS and not _analytics_consented(message=message, recipient=recipient):
        return
    DeliveryEvent.objects.create(
        message=message,
        event_type=event_type[:20],
        provider=esp_name[:40],
        occurred_at=event.timestamp or message.created_at,
        description=str(event.description or "")[:255],
    )


@receiver(tracking, dispatch_uid="jobmentis.email.tracking")
def _on_tracking(sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any) -> None:
    delivery_event_record(event=event, esp_name=esp_name)

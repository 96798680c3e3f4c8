"""Stripe webhooks: verify, record once, process in Celery.

Endpoint: `POST https://<tenant host>/billing/webhooks/stripe/` (one per tenant host). The tenant
is known from the host before the body is read (wall 1), the signing secret is that tenant's (its
own Stripe account) or the platform's, and the event row is tenant-owned under RLS. An event for
another tenant — a platform Stripe account sends every event to every endpoint — is recognised by
its `tenant_id` metadata (set on checkout sessions and subscriptions) or, for invoices, by the
customer id mapping, and acknowledged without being stored.

The request only verifies the signature (`stripe.Webhook.construct_event`: unsigned, wrongly
signed and stale payloads are refused with 400) and inserts a `StripeEvent` row keyed by the
event id (unique), so a redelivered event is acknowledged and not processed twice. The Celery
task then re-fetches the subscription from Stripe and derives our state from it, which makes the
result independent of the order events arrive in.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.models import StripeEvent, Subscription
from billing.selectors import stripe_credentials, subscription_for_stripe
from billing.stripe_gateway import StripeGatewayError, WebhookSignatureInvalid, webhook_event_parse
from jobmentis.tenancy.context import require_tenant_id
from jobmentis.tenancy.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

HANDLED_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "invoice.payment_failed",
    }
)
MAX_PAYLOAD_BYTES = 256 * 1024


def _id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return str(value or "")


def _invoice_subscription(invoice: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An invoice's subscription id and metadata: on `parent.subscription_details` since API
    version 2025-03-31, on `subscription` before."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    if details:
        return _id(details.get("subscription")), details.get("metadata") or {}
    return _id(invoice.get("subscription")), {}


def event_summary(event: dict[str, Any]) -> dict[str, Any]:
    """The ids we keep from an event (no personal data): object, customer, subscription, our
    tenant/user metadata, and the amount of a checkout."""
    obj = (event.get("data") or {}).get("object") or {}
    kind = str(event.get("type") or "")
    metadata: dict[str, Any] = dict(obj.get("metadata") or {})
    subscription_id = ""
    if kind.startswith("customer.subscription."):
        subscription_id = _id(obj.get("id"))
    elif kind == "checkout.session.completed":
        subscription_id = _id(obj.get("subscription"))
    elif kind.startswith("invoice."):
        subscription_id, sub_metadata = _invoice_subscription(obj)
        metadata = {**sub_metadata, **metadata}
    user_id = str(metadata.get("user_id") or "")
    created = event.get("created")
    return {
        "object_id": _id(obj.get("id")),
        "customer_id": _id(obj.get("customer")),
        "subscription_id": subscription_id,
        "tenant_id": str(metadata.get("tenant_id") or ""),
        "user_id": int(user_id) if user_id.isdigit() else None,
        "amount": obj.get("amount_total") if kind == "checkout.session.completed" else None,
        "currency": str(obj.get("currency") or "")[:3],
        "created": datetime.fromtimestamp(int(created), tz=UTC) if created else None,
    }


def _belongs_here(summary: dict[str, Any]) -> bool:
    if summary["tenant_id"]:
        return bool(summary["tenant_id"] == str(require_tenant_id()))
    # No metadata (e.g. an invoice under an old API version): ours if we know the customer.
    return (
        subscription_for_stripe(
            subscription_id=summary["subscription_id"], customer_id=summary["customer_id"]
        )
        is not None
    )


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    credentials = stripe_credentials()
    if credentials is None or not credentials.webhook_secret:
        return JsonResponse({"error": "payments are not enabled"}, status=404)
    payload = request.body
    if len(payload) > MAX_PAYLOAD_BYTES:
        return JsonResponse({"error": "payload too large"}, status=413)
    try:
        event = webhook_event_parse(
            payload=payload,
            signature=request.headers.get("Stripe-Signature", ""),
            secret=credentials.webhook_secret,
        )
    except WebhookSignatureInvalid:
        return JsonResponse({"error": "invalid signature"}, status=400)
    kind = str(event.get("type") or "")
    event_id = str(event.get("id") or "")
    if kind not in HANDLED_EVENTS or not event_id:
        return JsonResponse({"status": "ignored"})
    summary = event_summary(event)
    if not _belongs_here(summary):
        return JsonResponse({"status": "other tenant"})
    record = stripe_event_record(event_id=event_id, kind=kind, summary=summary)
    if record is None:
        return JsonResponse({"status": "duplicate"})
    return JsonResponse({"status": "queued"})


def stripe_event_record(*, event_id: str, kind: str, summary: dict[str, Any]) -> StripeEvent | None:
    """Insert the event once and queue its processing; None when it was received before."""
    from billing.tasks import stripe_event_process_task

    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event_id[:100],
                type=kind,
                object_id=summary["object_id"][:100],
                customer_id=summary["customer_id"][:100],
                subscription_id=summary["subscription_id"][:100],
                user_id_hint=summary["user_id"],
                amount=summary["amount"],
                currency=summary["currency"],
                stripe_created=summary["created"],
            )
    except IntegrityError:
        return None  # the unique (tenant, event_id): a redelivery
    enqueue_on_commit(stripe_event_process_task, event_pk=record.pk)
    return record


def _track_purchase(*, subscription: Subscription, record: StripeEvent) -> None:
    """The consent module's Purchase event (it checks consent itself), when it is installed."""
    try:
        from privacy.consent import tracking  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    from accounts.models import Tenant

    tenant = Tenant.objects.get(pk=require_tenant_id())
    value = Decimal(record.amount or 0) / 100
    tracking.track_event(
        request=None,
        user=subscription.user,
        tenant=tenant,
        event="Purchase",
        properties={"value": float(value), "currency": (record.currency or "eur").upper()},
    )


def stripe_event_process(*, event_pk: int) -> str:
    """Process a recorded event (idempotent: a processed event is skipped)."""
    from billing.services import subscription_refresh

    record = StripeEvent.objects.select_for_update().filter(pk=event_pk).first()
    done = (StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED)
    if record is None or record.status in done:
        return "skipped"
    if not record.subscription_id:
        # e.g. a one-off invoice or a checkout in another mode: nothing of ours changes.
        record.status = StripeEvent.Status.IGNORED
        record.processed_at = timezone.now()
        record.save(update_fields=["status", "processed_at"])
        return "ignored"
    try:
        subscription = subscription_refresh(
            subscription_id=record.subscription_id, user_id_hint=record.user_id_hint
        )
    except StripeGatewayError as error:
        record.error = str(error)[:300]
        record.save(update_fields=["error"])
        raise  # the task retries with backoff
    record.status = StripeEvent.Status.PROCESSED
    record.processed_at = timezone.now()
    record.error = "" if subscription is not None else "no matching member or plan"
    record.save(update_fields=["status", "processed_at", "error"])
    if (
        subscription is not None
        and record.type == "checkout.session.completed"
        and (record.amount or 0) > 0
    ):
        _track_purchase(subscription=subscription, record=record)
    return "processed"

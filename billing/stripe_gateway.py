"""The Stripe adapter: the only module that imports `stripe`.

It turns our calls into Stripe API requests through a per-call `stripe.StripeClient` (no global
API key: a tenant may use its own Stripe account), maps Stripe's errors onto ours and returns
plain dataclasses, so nothing else in the app handles a Stripe object. `STRIPE_API_BASE` points
the SDK elsewhere (tests use a local fake Stripe server; the real SDK does the HTTP).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)


class StripeNotConfigured(Exception):
    """No secret key for this tenant or the platform: payments are off."""


class StripeGatewayError(Exception):
    """Stripe refused or could not be reached; the message is safe to log, not to show."""


class WebhookSignatureInvalid(Exception):
    """Unsigned, wrongly signed, stale or malformed webhook payload."""


@dataclass(frozen=True)
class StripeCredentials:
    secret_key: str
    webhook_secret: str = ""


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


@dataclass(frozen=True)
class SubscriptionSnapshot:
    """The parts of a Stripe subscription we derive our state from."""

    id: str
    customer_id: str
    status: str
    price_id: str
    interval: str
    current_period_start: datetime | None
    current_period_end: datetime | None
    cancel_at_period_end: bool
    trial_end: datetime | None
    metadata: dict[str, str] = field(default_factory=dict)


def _client(credentials: StripeCredentials) -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        credentials.secret_key,
        base_addresses={"api": base} if base else None,
        max_network_retries=2,
    )


def _timestamp(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _call(what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except stripe.StripeError as error:
        logger.warning("stripe %s failed: %s (%s)", what, type(error).__name__, error.code)
        raise StripeGatewayError(f"{what}: {type(error).__name__}") from error


def checkout_session_create(
    *,
    credentials: StripeCredentials,
    price_id: str,
    success_url: str,
    cancel_url: str,
    metadata: dict[str, str],
    client_reference_id: str,
    customer_id: str = "",
    customer_email: str = "",
    trial_days: int = 0,
    locale: str = "auto",
) -> CheckoutSession:
    """A hosted Checkout page for a subscription. Card details are entered at Stripe only."""
    subscription_data: dict[str, Any] = {"metadata": metadata}
    if trial_days:
        subscription_data["trial_period_days"] = trial_days
    params: dict[str, Any] = {
        "mode": "subscription",
        "line_items": [{"price": price_id, "quantity": 1}],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": client_reference_id,
        "metadata": metadata,
        "subscription_data": subscription_data,
        "allow_promotion_codes": True,
        "locale": locale,
    }
    if customer_id:
        params["customer"] = customer_id
    elif customer_email:
        params["customer_email"] = customer_email
    session = _call(
        "checkout.sessions.create", _client(credentials).v1.checkout.sessions.create, params=params
    )
    return CheckoutSession(id=session.id, url=session.url)


def portal_session_create(
    *, credentials: StripeCredentials, customer_id: str, return_url: str
) -> str:
    """The Stripe Customer Portal: payment method, invoices, plan changes and cancellation."""
    session = _call(
        "billing_portal.sessions.create",
        _client(credentials).v1.billing_portal.sessions.create,
        params={"customer": customer_id, "return_url": return_url},
    )
    return str(session.url)


def subscription_retrieve(
    *, credentials: StripeCredentials, subscription_id: str
) -> SubscriptionSnapshot:
    sub = _call(
        "subscriptions.retrieve", _client(credentials).v1.subscriptions.retrieve, subscription_id
    )
    data = sub.to_dict()
    items = (data.get("items") or {}).get("data") or []
    item = items[0] if items else {}
    price = item.get("price") or {}
    # Since API version 2025-03-31 the period lives on the subscription item; older versions
    # carry it on the subscription itself.
    start = item.get("current_period_start") or data.get("current_period_start")
    end = item.get("current_period_end") or data.get("current_period_end")
    customer = data.get("customer")
    if isinstance(customer, dict):
        customer = customer.get("id")
    return SubscriptionSnapshot(
        id=str(data["id"]),
        customer_id=str(customer or ""),
        status=str(data.get("status") or ""),
        price_id=str(price.get("id") or ""),
        interval=str((price.get("recurring") or {}).get("interval") or ""),
        current_period_start=_timestamp(start),
        current_period_end=_timestamp(end),
        cancel_at_period_end=bool(data.get("cancel_at_period_end")),
        trial_end=_timestamp(data.get("trial_end")),
        metadata={str(k): str(v) for k, v in (data.get("metadata") or {}).items()},
    )


def subscription_cancel_now(*, credentials: StripeCredentials, subscription_id: str) -> None:
    """Cancel at once (an account being closed for erasure is not billed again). A subscription
    Stripe no longer knows, or one already cancelled, is success."""
    try:
        _client(credentials).v1.subscriptions.cancel(subscription_id)
    except stripe.InvalidRequestError as error:
        if error.http_status == 404 or "canceled" in str(error.user_message or "").lower():
            return
        raise StripeGatewayError(f"subscriptions.cancel: {error.code}") from error
    except stripe.StripeError as error:
        raise StripeGatewayError(f"subscriptions.cancel: {type(error).__name__}") from error


def customer_delete(*, credentials: StripeCredentials, customer_id: str) -> None:
    """Erase the Stripe customer (GDPR erasure). Deleting one already gone is success."""
    try:
        _client(credentials).v1.customers.delete(customer_id)
    except stripe.InvalidRequestError as error:
        if error.http_status == 404:
            return
        raise StripeGatewayError(f"customers.delete: {error.code}") from error
    except stripe.StripeError as error:
        raise StripeGatewayError(f"customers.delete: {type(error).__name__}") from error


def customer_is_deleted(*, credentials: StripeCredentials, customer_id: str) -> bool:
    """Erasure verification: Stripe answers a deleted customer with `deleted: true`, or 404."""
    try:
        customer = _client(credentials).v1.customers.retrieve(customer_id)
    except stripe.InvalidRequestError as error:
        if error.http_status == 404:
            return True
        raise StripeGatewayError(f"customers.retrieve: {error.code}") from error
    except stripe.StripeError as error:
        raise StripeGatewayError(f"customers.retrieve: {type(error).__name__}") from error
    return bool(customer.to_dict().get("deleted"))


def webhook_event_parse(*, payload: bytes, signature: str, secret: str) -> dict[str, Any]:
    """Verify Stripe's signature (`t=…,v1=…` HMAC-SHA256 over "t.payload", within the tolerance)
    and return the event as plain data."""
    if not signature or not secret:
        raise WebhookSignatureInvalid("missing signature or secret")
    try:
        event = stripe.Webhook.construct_event(
            payload.decode("utf-8"),
            signature,
            secret,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as error:
        raise WebhookSignatureInvalid(str(error)) from error
    data: dict[str, Any] = event.to_dict()
    return data

"""A fake Stripe API on 127.0.0.1 speaking Stripe's wire format, for the real `stripe` SDK.

Only `STRIPE_API_BASE` changes; the SDK builds, authenticates (Bearer secret key) and sends
form-encoded requests as it would to api.stripe.com. Endpoints (what billing calls):

    POST   /v1/checkout/sessions            -> checkout.session (url on the fake host)
    POST   /v1/billing_portal/sessions      -> billing_portal.session
    GET    /v1/subscriptions/<id>           -> subscription (state set by the test)
    DELETE /v1/subscriptions/<id>           -> the subscription, cancelled now (400 if it was)
    GET    /v1/customers/<id>               -> customer, or {deleted: true} once deleted, or 404
    DELETE /v1/customers/<id>               -> {id, object: customer, deleted: true}

Also builds webhook payloads in Stripe's event shapes and signs them with Stripe's scheme
(`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.payload" with the endpoint secret>`).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

SECRET_KEY = "sk_test_fake_123"
WEBHOOK_SECRET = "whsec_test_fake_456"
API_VERSION = "2026-10-28.endive"


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


@dataclass
class FakeStripe:
    secret_key: str = SECRET_KEY
    base_url: str = ""
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_next: int = 0  # answer the next N API calls with a 500

    # --- state helpers used by tests ----------------------------------------------------------

    def customer_add(self, customer_id: str | None = None, email: str = "") -> str:
        customer_id = customer_id or _id("cus")
        self.customers[customer_id] = {
            "id": customer_id,
            "object": "customer",
            "email": email,
            "created": int(time.time()),
            "livemode": False,
            "metadata": {},
        }
        return customer_id

    def subscription_set(
        self,
        *,
        subscription_id: str | None = None,
        customer: str,
        price: str,
        status: str = "active",
        interval: str = "month",
        period_start: int | None = None,
        period_end: int | None = None,
        cancel_at_period_end: bool = False,
        trial_end: int | None = None,
        metadata: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Create or replace a subscription in the shape of API version 2025-03-31+ (the period
        on the subscription item)."""
        subscription_id = subscription_id or _id("sub")
        start = period_start or int(time.time()) - 60
        end = period_end or start + (365 if interval == "year" else 30) * 86400
        price_obj = {
            "id": price,
            "object": "price",
            "active": True,
            "currency": "eur",
            "recurring": {"interval": interval, "interval_count": 1},
            "type": "recurring",
            "unit_amount": 900,
        }
        subscription = {
            "id": subscription_id,
            "object": "subscription",
            "customer": customer,
            "status": status,
            "cancel_at_period_end": cancel_at_period_end,
            "canceled_at": None,
            "created": start,
            "currency": "eur",
            "livemode": False,
            "metadata": metadata or {},
            "trial_end": trial_end,
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": _id("si"),
                        "object": "subscription_item",
                        "current_period_start": start,
                        "current_period_end": end,
                        "price": price_obj,
                        "quantity": 1,
                        "subscription": subscription_id,
                    }
                ],
                "has_more": False,
                "url": f"/v1/subscription_items?subscription={subscription_id}",
            },
        }
        self.subscriptions[subscription_id] = subscription
        return subscription

    def calls(self, method: str, path_prefix: str) -> list[dict[str, str]]:
        return [
            params
            for m, path, params in self.requests
            if m == method and path.startswith(path_prefix)
        ]

    # --- HTTP -------------------------------------------------------------------------------

    def handle(self, method: str, path: str, params: dict[str, str], auth: str) -> tuple[int, Any]:
        self.requests.append((method, path, params))
        if auth != f"Bearer {self.secret_key}":
            return 401, _error("invalid_request_error", "Invalid API Key provided", None)
        if self.fail_next:
            self.fail_next -= 1
            return 500, _error("api_error", "Something went wrong on Stripe's end.", None)
        if method == "POST" and path == "/v1/checkout/sessions":
            session_id = _id("cs_test")
            return 200, {
                "id": session_id,
                "object": "checkout.session",
                "mode": params.get("mode"),
                "status": "open",
                "url": f"{self.base_url}/c/pay/{session_id}",
                "customer": params.get("customer"),
                "customer_email": params.get("customer_email"),
                "client_reference_id": params.get("client_reference_id"),
                "success_url": params.get("success_url"),
                "cancel_url": params.get("cancel_url"),
                "allow_promotion_codes": params.get("allow_promotion_codes") == "true",
                "metadata": _nested(params, "metadata"),
                "livemode": False,
            }
        if method == "POST" and path == "/v1/billing_portal/sessions":
            customer = params.get("customer", "")
            if customer not in self.customers:
                return 400, _error(
                    "invalid_request_error", f"No such customer: '{customer}'", "customer"
                )
            return 200, {
                "id": _id("bps"),
                "object": "billing_portal.session",
                "customer": customer,
                "return_url": params.get("return_url"),
                "url": f"{self.base_url}/p/session/{secrets.token_hex(6)}",
                "livemode": False,
            }
        match = re.fullmatch(r"/v1/subscriptions/([\w]+)", path)
        if match and method in ("GET", "DELETE"):
            subscription = self.subscriptions.get(match.group(1))
            if subscription is None:
                return 404, _error(
                    "invalid_request_error", f"No such subscription: '{match.group(1)}'", "id"
                )
            if method == "DELETE":
                # Stripe's "cancel a subscription": immediate; a cancelled one cannot be again.
                if subscription["status"] == "canceled":
                    return 400, _error(
                        "invalid_request_error",
                        "A canceled subscription can only update its cancellation_details "
                        "and metadata.",
                        None,
                    )
                subscription.update(status="canceled", canceled_at=int(time.time()))
            return 200, subscription
        match = re.fullmatch(r"/v1/customers/([\w]+)", path)
        if match:
            customer = self.customers.get(match.group(1))
            if customer is None:
                return 404, _error(
                    "invalid_request_error", f"No such customer: '{match.group(1)}'", "id"
                )
            if method == "DELETE":
                customer.clear()
                customer.update({"id": match.group(1), "object": "customer", "deleted": True})
                return 200, customer
            return 200, customer
        return 404, _error(
            "invalid_request_error", f"Unrecognized request URL ({method}: {path})", None
        )


def _error(kind: str, message: str, param: str | None) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "param": param}}


def _nested(params: dict[str, str], prefix: str) -> dict[str, str]:
    found = {}
    for key, value in params.items():
        match = re.fullmatch(rf"{prefix}\[(\w+)\]", key)
        if match:
            found[match.group(1)] = value
    return found


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            path, _, query = self.path.partition("?")
            params = dict(parse_qsl(body or query, keep_blank_values=True))
            status, payload = fake.handle(
                method, path, params, self.headers.get("Authorization", "")
            )
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", _id("req"))
            self.send_header("Stripe-Version", API_VERSION)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.startswith(("/c/pay/", "/p/session/")):
                # The hosted Checkout / Portal page a browser is sent to (a stand-in).
                page = b"<!doctype html><title>Stripe</title><h1>Fake Stripe page</h1>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def log_message(self, *args: Any) -> None:
            return None

    return Handler


@pytest.fixture
def fake_stripe(settings: Any) -> Iterator[FakeStripe]:
    """A running fake Stripe; the platform keys and API base point at it."""
    fake = FakeStripe()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = fake.base_url
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    # The browser is redirected to the fake's hosted pages, as it would be to checkout.stripe.com.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], fake.base_url]
    settings.CONTENT_SECURITY_POLICY = policy
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


# --- webhooks -------------------------------------------------------------------------------


def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's `Stripe-Signature` header for `payload`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def event(kind: str, obj: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    """An event envelope as Stripe sends it (API version 2025-03-31+ shapes)."""
    return {
        "id": event_id or _id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": _id("req"), "idempotency_key": None},
        "type": kind,
    }


def checkout_completed(
    *, subscription: dict[str, Any], metadata: dict[str, str], amount_total: int = 900
) -> dict[str, Any]:
    return event(
        "checkout.session.completed",
        {
            "id": _id("cs_test"),
            "object": "checkout.session",
            "mode": "subscription",
            "status": "complete",
            "payment_status": "paid",
            "customer": subscription["customer"],
            "subscription": subscription["id"],
            "amount_total": amount_total,
            "currency": "eur",
            "client_reference_id": f"{metadata.get('tenant_id')}:{metadata.get('user_id')}",
            "metadata": metadata,
            "livemode": False,
        },
    )


def subscription_event(kind: str, subscription: dict[str, Any]) -> dict[str, Any]:
    return event(kind, json.loads(json.dumps(subscription)))


def invoice_event(kind: str, subscription: dict[str, Any], *, paid: bool) -> dict[str, Any]:
    return event(
        kind,
        {
            "id": _id("in"),
            "object": "invoice",
            "customer": subscription["customer"],
            "status": "paid" if paid else "open",
            "amount_due": 900,
            "amount_paid": 900 if paid else 0,
            "currency": "eur",
            "attempt_count": 1,
            "billing_reason": "subscription_cycle",
            "metadata": {},
            "parent": {
                "type": "subscription_details",
                "quote_details": None,
                "subscription_details": {
                    "metadata": subscription.get("metadata") or {},
                    "subscription": subscription["id"],
                },
            },
            "livemode": False,
        },
    )

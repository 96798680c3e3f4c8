"""Meta Conversions API: the one module that talks to graph.facebook.com.

Pure transforms (normalise + hash the customer information parameters, build the event) apart
from `meta_events_send`, the single function doing I/O. Meta's rules for user_data: email, names
and phone are normalised then SHA-256 hashed (hex); client_ip_address and client_user_agent are
sent unhashed (Meta needs them as they are to match the pixel's browser events); `event_id` is
the same id the pixel used, so Meta deduplicates the browser and server copies.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import unicodedata
from typing import Any

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


class MetaSendError(RuntimeError):
    """Meta refused or could not be reached; retryable tells the task whether to retry."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_name(name: str) -> str:
    """Lowercase, no punctuation or spaces; letters keep their accents (UTF-8), per Meta."""
    name = unicodedata.normalize("NFC", name.strip().lower())
    return re.sub(r"[\W_]+", "", name)


def normalise_phone(phone: str) -> str:
    """Digits only, country code included (the caller gives it; no guessing here)."""
    return re.sub(r"\D+", "", phone)


def hashed_user_data(
    *,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    external_id: str = "",
    client_ip_address: str = "",
    client_user_agent: str = "",
) -> dict[str, Any]:
    """Meta's user_data object: identifiers normalised and hashed; IP and UA as they are."""
    data: dict[str, Any] = {}
    pairs = (
        ("em", normalise_email(email)),
        ("fn", normalise_name(first_name)),
        ("ln", normalise_name(last_name)),
        ("ph", normalise_phone(phone)),
        ("external_id", external_id.strip()),
    )
    for key, value in pairs:
        if value:
            data[key] = [_sha256(value)]
    if client_ip_address:
        data["client_ip_address"] = client_ip_address
    if client_user_agent:
        data["client_user_agent"] = client_user_agent
    return data


def split_full_name(full_name: str) -> tuple[str, str]:
    parts = full_name.split()
    if not parts:
        return "", ""
    return parts[0], parts[-1] if len(parts) > 1 else ""


def meta_event_build(
    *,
    event: str,
    event_id: str,
    user_data: dict[str, Any],
    custom_data: dict[str, Any] | None = None,
    event_source_url: str = "",
    event_time: int | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "event_name": event,
        "event_time": int(event_time if event_time is not None else time.time()),
        "event_id": event_id,
        "action_source": "website",
        "user_data": user_data,
    }
    if event_source_url:
        payload["event_source_url"] = event_source_url
    if custom_data:
        payload["custom_data"] = custom_data
    return payload


def meta_events_send(
    *, pixel_id: str, access_token: str, events: list[dict[str, Any]], test_event_code: str = ""
) -> dict[str, Any]:
    """POST the events to /<version>/<pixel_id>/events; raises MetaSendError."""
    base = settings.META_GRAPH_BASE_URL.rstrip("/")
    url = f"{base}/{settings.META_GRAPH_VERSION}/{pixel_id}/events"
    body: dict[str, Any] = {"data": events, "access_token": access_token}
    if test_event_code:
        body["test_event_code"] = test_event_code
    try:
        response = requests.post(url, json=body, timeout=settings.TRACKING_HTTP_TIMEOUT)
    except requests.RequestException as exc:
        raise MetaSendError(f"Meta unreachable: {type(exc).__name__}", retryable=True) from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise MetaSendError(f"Meta answered {response.status_code}", retryable=True)
    if response.status_code >= 400:
        # Bad token or payload: retrying the same request cannot help. Logged without the body
        # (it could echo the token).
        logger.warning("meta: events refused (%s) for pixel %s", response.status_code, pixel_id)
        raise MetaSendError(f"Meta answered {response.status_code}", retryable=False)
    result: dict[str, Any] = response.json()
    return result

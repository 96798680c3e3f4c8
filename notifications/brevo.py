"""Brevo contacts API: the only module that talks to Brevo about contacts and lists.

Marketing opt-ins are synced to the tenant's Brevo list. Errors other than "not found" raise
BrevoError (tasks retry them); "not found" on removal means it is already gone.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT = 15


class BrevoError(RuntimeError):
    """Brevo answered with an error (or could not be reached): worth retrying."""


class BrevoNotConfigured(BrevoError):
    pass


def _api_key() -> str:
    anymail = getattr(settings, "ANYMAIL", {}) or {}
    key = getattr(settings, "BREVO_API_KEY", "") or anymail.get("BREVO_API_KEY", "")
    if not key:
        raise BrevoNotConfigured("BREVO_API_KEY is not set")
    return str(key)


def _request(method: str, path: str, **kwargs: Any) -> requests.Response:
    url = f"{str(settings.BREVO_CONTACTS_API_URL).rstrip('/')}{path}"
    try:
        response = requests.request(
            method,
            url,
            headers={"api-key": _api_key(), "accept": "application/json"},
            timeout=TIMEOUT,
            **kwargs,
        )
    except requests.RequestException as error:
        raise BrevoError(f"Brevo unreachable: {error}") from error
    if response.status_code >= 500 or response.status_code in (401, 403, 429):
        raise BrevoError(f"Brevo answered {response.status_code}")
    return response


def brevo_contact_upsert(*, email: str, list_id: int, attributes: dict[str, Any]) -> None:
    """Create the contact or update it, and add it to the list."""
    response = _request(
        "POST",
        "/contacts",
        json={
            "email": email,
            "listIds": [list_id],
            "attributes": attributes,
            "updateEnabled": True,
        },
    )
    if response.status_code not in (200, 201, 204):
        raise BrevoError(f"Brevo refused the contact: {response.status_code} {response.text}")


def brevo_contact_remove_from_list(*, email: str, list_id: int) -> bool:
    """Take the contact off the list (it stays a contact: other lists, transactional mail).
    False when it was not on the list or does not exist (already done)."""
    response = _request(
        "POST", f"/contacts/lists/{int(list_id)}/contacts/remove", json={"emails": [email]}
    )
    if response.status_code in (200, 201, 204):
        return True
    if response.status_code in (400, 404):
        return False
    raise BrevoError(f"Brevo refused the removal: {response.status_code}")


def brevo_contact_delete(*, email: str) -> bool:
    """Delete the contact entirely (erasure). False when already gone (404)."""
    response = _request("DELETE", f"/contacts/{quote(email)}")
    if response.status_code == 404:
        return False
    if response.status_code not in (200, 204):
        raise BrevoError(f"Brevo refused the deletion: {response.status_code}")
    return True


def brevo_contact_get(*, email: str) -> dict[str, Any] | None:
    response = _request("GET", f"/contacts/{quote(email)}")
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise BrevoError(f"Brevo answered {response.status_code}")
    data: dict[str, Any] = response.json()
    return data

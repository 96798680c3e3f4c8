"""The consent device cookie: a random UUID naming the browser, so an anonymous visitor's
answer can be recorded and honoured. Host-only (no Domain attribute: one tenant's cookie is
never sent to another tenant's host), httpOnly, SameSite=Lax, 13 months."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

_REQUEST_ATTR = "_consent_device_id"


def device_id_from_request(request: HttpRequest | None) -> uuid.UUID | None:
    if request is None:
        return None
    fresh = getattr(request, _REQUEST_ATTR, None)
    if fresh is not None:
        return fresh
    raw = request.COOKIES.get(settings.CONSENT_DEVICE_COOKIE, "")
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


def device_id_ensure(request: HttpRequest) -> uuid.UUID:
    """The browser's id, minted now when it has none (the view then sets the cookie)."""
    found = device_id_from_request(request)
    if found is None:
        found = uuid.uuid4()
        setattr(request, _REQUEST_ATTR, found)
    return found


def device_cookie_set(response: HttpResponseBase, device_id: uuid.UUID) -> None:
    response.set_cookie(
        settings.CONSENT_DEVICE_COOKIE,
        str(device_id),
        max_age=settings.CONSENT_DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# Cookies the trackers' scripts set in the browser (PostHog: ph_<key>_posthog; Meta: _fbp,
# _fbc). Expired from the server when the purpose is refused or withdrawn, so nothing they
# stored outlives the consent.
TRACKER_COOKIE_PREFIXES = {"analytics": ("ph_",), "marketing": ("_fbp", "_fbc")}


def tracker_cookies_expire(
    request: HttpRequest, response: HttpResponseBase, choices: dict[str, bool]
) -> None:
    for purpose, prefixes in TRACKER_COOKIE_PREFIXES.items():
        if choices.get(purpose):
            continue
        for name in request.COOKIES:
            if name.startswith(prefixes):
                response.delete_cookie(name, samesite="Lax")

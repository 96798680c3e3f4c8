"""The gate in front of the trackers: what a page may load, and which server events may be
queued. Nothing is loaded or sent unless the tenant switched the tracker on AND the visitor's
latest answer grants the purpose (analytics: PostHog; marketing: Meta). The Celery tasks check
both again at send time, so a withdrawal or a tenant switching a tracker off stops events
already queued.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent.device import device_id_from_request
from privacy.consent.models import Purpose
from privacy.consent.selectors import (
    PageConsent,
    has_consent,
    page_consent,
    tracking_settings_for,
)

logger = logging.getLogger(__name__)

# Meta's standard events we send server-side; PostHog gets the same moments under its names
# (PageView is captured by the browser script as $pageview, not twice from the server).
META_EVENTS = frozenset({"PageView", "CompleteRegistration", "Purchase", "Lead"})
POSTHOG_EVENTS = {"CompleteRegistration": "user signed up", "Purchase": "purchase", "Lead": "lead"}
# Keys of `properties` that identify the person: hashed into Meta's user_data, never sent to
# PostHog and never put in custom_data.
IDENTITY_KEYS = ("email", "first_name", "last_name", "phone")


def _signed_in(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated and user.pk else None


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR as set by the deployment's proxy configuration (never a raw X-Forwarded-For,
    # which the client controls).
    return str(request.META.get("REMOTE_ADDR", ""))


@dataclass(frozen=True)
class PageTracking:
    """The trackers a page loads, for templates (None: not in the HTML at all)."""

    posthog: dict[str, str] | None
    meta: dict[str, str] | None

    @property
    def hosts(self) -> list[str]:
        found = []
        if self.posthog:
            found.append(self.posthog["host"])
            found.append(self.posthog["assets_host"])
        return found


def posthog_assets_host(host: str) -> str:
    # posthog-js's loader fetches array.js from the "-assets" host on PostHog Cloud.
    return host.rstrip("/").replace(".i.posthog.com", "-assets.i.posthog.com")


def page_consent_for(request: HttpRequest) -> PageConsent | None:
    """The page's consent facts, read once per request (banner and scripts share them)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        return None
    cached = getattr(request, "_consent_page_consent", None)
    if cached is None:
        cached = page_consent(
            tenant=tenant,
            user=_signed_in(request.user),  # type: ignore[arg-type]
            device_id=device_id_from_request(request),
        )
        request._consent_page_consent = cached  # type: ignore[attr-defined]
    return cached


def page_tracking(request: HttpRequest) -> PageTracking:
    """Decide once per request (cached on it) which scripts this page may carry."""
    cached = getattr(request, "_consent_page_tracking", None)
    if cached is not None:
        return cached
    tenant = getattr(request, "tenant", None)
    result = PageTracking(posthog=None, meta=None)
    if tenant is not None:
        result = _page_tracking(request, tenant)
    request._consent_page_tracking = result  # type: ignore[attr-defined]
    return result


def _page_tracking(request: HttpRequest, tenant: Tenant) -> PageTracking:
    from privacy.consent.services import analytics_identity_ensure

    facts = page_consent_for(request)
    if facts is None or not (facts.posthog_active or facts.meta_active):
        return PageTracking(posthog=None, meta=None)
    user = _signed_in(request.user)  # type: ignore[arg-type]
    posthog = meta = None
    if facts.posthog_active and facts.granted(Purpose.ANALYTICS):
        host = facts.posthog_host.rstrip("/")
        distinct = ""
        if user is not None:
            distinct = str(analytics_identity_ensure(tenant=tenant, user=user).distinct_id)
        posthog = {
            "key": facts.posthog_api_key,
            "host": host,
            "assets_host": posthog_assets_host(host),
            "distinct_id": distinct,
        }
    if facts.meta_active and facts.granted(Purpose.MARKETING):
        meta = {"pixel_id": facts.meta_pixel_id, "event_id": str(uuid.uuid4())}
    return PageTracking(posthog=posthog, meta=meta)


def track_event(
    *,
    request: HttpRequest | None,
    user: User | None,
    tenant: Tenant,
    event: str,
    properties: dict[str, Any] | None = None,
    event_id: str | None = None,
) -> str | None:
    """Queue the server-side copies of a product event (after the transaction commits), for the
    trackers this tenant enabled and this person consented to. Returns the event id (shared
    with the pixel for deduplication), or None when nothing was queued. Never raises for a
    tracker problem: tracking must not break the action being tracked."""
    from privacy.consent import tasks

    properties = dict(properties or {})
    identity = {key: str(properties.pop(key)) for key in IDENTITY_KEYS if key in properties}
    user = _signed_in(user)
    device = device_id_from_request(request)
    if user is None and device is None:
        return None
    settings_row = tracking_settings_for(tenant=tenant)
    event_id = event_id or str(uuid.uuid4())
    queued = False
    subject = {"user_id": user.pk if user else None, "device_id": str(device) if device else None}
    with tenant_context(tenant.pk):
        if (
            event in POSTHOG_EVENTS
            and settings_row.posthog_active
            and user is not None
            and has_consent(tenant=tenant, purpose=Purpose.ANALYTICS, user=user, device_id=device)
        ):
            _enqueue(
                tasks.posthog_event_send,
                tenant_id=tenant.pk,
                event=POSTHOG_EVENTS[event],
                properties=properties,
                **subject,
            )
            queued = True
        if (
            event in META_EVENTS
            and settings_row.meta_active
            and settings_row.meta_access_token
            and has_consent(tenant=tenant, purpose=Purpose.MARKETING, user=user, device_id=device)
        ):
            _enqueue(
                tasks.meta_event_send,
                tenant_id=tenant.pk,
                event=event,
                event_id=event_id,
                custom_data=properties,
                identity=_hashed_identity(identity),
                client_ip_address=client_ip(request) if request is not None else "",
                client_user_agent=(
                    request.headers.get("User-Agent", "")[:500] if request is not None else ""
                ),
                event_source_url=request.build_absolute_uri() if request is not None else "",
                **subject,
            )
            queued = True
    return event_id if queued else None


def _enqueue(task: Any, /, **kwargs: Any) -> None:
    """Queue after commit. `robust`: a broker outage is logged and loses the event, instead of
    failing the sign-up or payment being tracked after it has committed."""
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs), robust=True)


def _hashed_identity(identity: dict[str, str]) -> dict[str, Any]:
    # Hashed before it is queued: the broker never holds a form's email in clear.
    from privacy.consent.meta_adapter import hashed_user_data

    return hashed_user_data(**identity) if identity else {}


def tracking_suspend(*, user_id: int) -> None:
    """Erasure requested: withdraw analytics and marketing for the user on every tenant they
    belong to, which also makes every queued send drop (the tasks re-check consent)."""
    from privacy.consent.models import Source
    from privacy.consent.services import consent_choices_save
    from privacy.erasure import user_tenant_ids

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    for tenant in Tenant.objects.filter(pk__in=user_tenant_ids(user_id)):
        consent_choices_save(tenant=tenant, choices={}, source=Source.SETTINGS, user=user)

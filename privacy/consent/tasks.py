"""Celery tasks sending tracker events. They take ids, re-check the tenant's switch and the
person's consent at send time (dropping the event otherwise: a withdrawal or a tenant turning a
tracker off stops sends already queued), and retry transient failures with backoff."""

from __future__ import annotations

import logging
from typing import Any

from accounts.models import Profile, Tenant, User
from jobmentis.tenancy.tasks import tenant_task
from privacy.consent.meta_adapter import (
    MetaSendError,
    hashed_user_data,
    meta_event_build,
    meta_events_send,
    split_full_name,
)
from privacy.consent.models import Purpose
from privacy.consent.posthog_adapter import PostHogError, posthog_capture
from privacy.consent.selectors import has_consent_by_ids, tracking_settings_for

logger = logging.getLogger(__name__)

DROPPED = "dropped"
SENT = "sent"


class _RetryableMetaError(MetaSendError):
    pass


@tenant_task(
    name="consent.posthog_event_send",
    autoretry_for=(PostHogError,),
    max_retries=6,
)
def posthog_event_send(
    *,
    tenant_id: int,
    event: str,
    properties: dict[str, Any],
    user_id: int | None,
    device_id: str | None,
) -> str:
    from privacy.consent.services import analytics_identity_ensure

    tenant = Tenant.objects.get(pk=tenant_id)
    settings_row = tracking_settings_for(tenant=tenant)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if (
        user is None
        or not settings_row.posthog_active
        or not has_consent_by_ids(
            tenant_id=tenant_id, purpose=Purpose.ANALYTICS, user_id=user_id, device_id=device_id
        )
    ):
        return DROPPED
    identity = analytics_identity_ensure(tenant=tenant, user=user)
    posthog_capture(
        api_key=settings_row.posthog_api_key,
        host=settings_row.posthog_host,
        distinct_id=str(identity.distinct_id),
        event=event,
        properties=properties,
    )
    return SENT


@tenant_task(
    name="consent.meta_event_send",
    autoretry_for=(_RetryableMetaError,),
    max_retries=6,
)
def meta_event_send(
    *,
    tenant_id: int,
    event: str,
    event_id: str,
    custom_data: dict[str, Any],
    identity: dict[str, Any],
    client_ip_address: str,
    client_user_agent: str,
    event_source_url: str,
    user_id: int | None,
    device_id: str | None,
) -> str:
    tenant = Tenant.objects.get(pk=tenant_id)
    settings_row = tracking_settings_for(tenant=tenant)
    if not (settings_row.meta_active and settings_row.meta_access_token):
        return DROPPED
    if not has_consent_by_ids(
        tenant_id=tenant_id, purpose=Purpose.MARKETING, user_id=user_id, device_id=device_id
    ):
        return DROPPED
    user_data = dict(identity)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is not None:
        # Read now, not when queued: the freshest email and name, never stored in the broker.
        profile = Profile.objects.filter(user=user).first()
        first, last = split_full_name(profile.full_name if profile else "")
        user_data.update(hashed_user_data(email=user.email, first_name=first, last_name=last))
    user_data.update(
        hashed_user_data(client_ip_address=client_ip_address, client_user_agent=client_user_agent)
    )
    payload = meta_event_build(
        event=event,
        event_id=event_id,
        user_data=user_data,
        custom_data=custom_data,
        event_source_url=event_source_url,
    )
    try:
        meta_events_send(
            pixel_id=settings_row.meta_pixel_id,
            access_token=settings_row.meta_access_token,
            events=[payload],
            test_event_code=settings_row.meta_test_event_code,
        )
    except MetaSendError as exc:
        if exc.retryable:
            raise _RetryableMetaError(str(exc), retryable=True) from exc
        logger.warning("meta: %s dropped for tenant %s: %s", event, tenant_id, exc)
        return DROPPED
    return SENT

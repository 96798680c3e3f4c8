"""PostHog: the one module importing the `posthog` SDK (server events) and calling PostHog's
private API (person deletion on erasure).

A user is known to PostHog only by an opaque per-tenant UUID (AnalyticsIdentity), never by an
email. Events are captured in sync mode from a Celery task, so a failure raises here and the
task retries with backoff, instead of being lost in the SDK's background thread.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from posthog import Posthog
from posthog.request import APIError

from accounts.audit import MAINTENANCE_DB
from jobmentis.tenancy.context import tenant_context
from privacy.manifest import ExternalRef

logger = logging.getLogger(__name__)

SYSTEM = "posthog"


class PostHogError(RuntimeError):
    """PostHog could not take the event or the deletion (the task or erasure step retries)."""


def posthog_capture(
    *, api_key: str, host: str, distinct_id: str, event: str, properties: dict[str, Any]
) -> None:
    client = Posthog(
        api_key,
        host=host,
        sync_mode=True,
        max_retries=0,  # Celery owns retries (with backoff)
        timeout=settings.TRACKING_HTTP_TIMEOUT,
        disable_geoip=True,
        enable_local_evaluation=False,
    )
    try:
        # $process_person_profile: events of identified users only (no anonymous profiles).
        client.capture(
            event,
            distinct_id=distinct_id,
            properties={**properties, "$lib": "jobmentis-server"},
        )
    except (APIError, requests.RequestException) as exc:
        raise PostHogError(f"PostHog capture failed: {type(exc).__name__}") from exc
    finally:
        client.shutdown()


def private_api_host(host: str) -> str:
    """PostHog Cloud ingests on <region>.i.posthog.com and serves its API on
    <region>.posthog.com; a self-hosted instance uses one host for both."""
    return host.rstrip("/").replace(".i.posthog.com", ".posthog.com")


def posthog_configured_anywhere() -> bool:
    # Tenants turn PostHog on at runtime: the erase step is always planned, and its snapshot
    # finds only identities of tenants that have person-deletion credentials.
    return True


def _deletion_settings(tenant_id: int) -> Any:
    # erase/verify run inside the erasure request's tenant context, which may not be the
    # tenant the person lives in: read the settings on the audited maintenance connection.
    from privacy.consent.models import TrackingSettings

    found = TrackingSettings.cross_tenant.using(MAINTENANCE_DB).filter(tenant_id=tenant_id).first()
    if found is None or not (found.posthog_project_id and found.posthog_personal_api_key):
        return None
    return found


class PostHogErasureAdapter:
    """Deletes the person (and their events) in each tenant's PostHog project. "Not found" is
    success for erase and verify."""

    def snapshot(self, *, user_id: int, tenant_ids: list[int]) -> list[ExternalRef]:
        # Runs outside any tenant context (erasure_plan): each tenant is read in its own.
        from privacy.consent.models import AnalyticsIdentity, TrackingSettings

        refs: list[ExternalRef] = []
        for tenant_id in tenant_ids:
            with tenant_context(tenant_id):
                distinct_ids = [
                    str(value)
                    for value in AnalyticsIdentity.objects.filter(user_id=user_id).values_list(
                        "distinct_id", flat=True
                    )
                ]
                found = TrackingSettings.objects.first()
            if not distinct_ids:
                continue
            if found is None or not (found.posthog_project_id and found.posthog_personal_api_key):
                logger.warning(
                    "posthog: tenant %s has no person-deletion credentials; person not deleted",
                    tenant_id,
                )
                continue
            refs.extend(
                ExternalRef(system=SYSTEM, ref=distinct, tenant_id=tenant_id)
                for distinct in distinct_ids
            )
        return refs

    def _persons(self, ref: ExternalRef) -> tuple[Any, list[str]]:
        assert ref.tenant_id is not None
        found = _deletion_settings(ref.tenant_id)
        if found is None:
            return None, []
        base = f"{private_api_host(found.posthog_host)}/api/projects/{found.posthog_project_id}"
        try:
            response = requests.get(
                f"{base}/persons/",
                params={"distinct_id": ref.ref},
                headers={"Authorization": f"Bearer {found.posthog_personal_api_key}"},
                timeout=settings.TRACKING_HTTP_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise PostHogError(f"PostHog unreachable: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return found, []
        if response.status_code >= 400:
            raise PostHogError(f"PostHog answered {response.status_code}")
        ids = [str(p["id"]) for p in response.json().get("results", []) if "id" in p]
        return found, ids

    def erase(self, ref: ExternalRef) -> int:
        found, person_ids = self._persons(ref)
        deleted = 0
        for person_id in person_ids:
            base = f"{private_api_host(found.posthog_host)}/api/projects/{found.posthog_project_id}"
            try:
                response = requests.delete(
                    f"{base}/persons/{person_id}/",
                    params={"delete_events": "true"},
                    headers={"Authorization": f"Bearer {found.posthog_personal_api_key}"},
                    timeout=settings.TRACKING_HTTP_TIMEOUT,
                )
            except requests.RequestException as exc:
                raise PostHogError(f"PostHog unreachable: {type(exc).__name__}") from exc
            if response.status_code >= 400 and response.status_code != 404:
                raise PostHogError(f"PostHog answered {response.status_code}")
            deleted += 0 if response.status_code == 404 else 1
        return deleted

    def verify(self, ref: ExternalRef) -> bool:
        _found, person_ids = self._persons(ref)
        return not person_ids

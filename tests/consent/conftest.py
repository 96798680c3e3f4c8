from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Tenant
from jobmentis.tenancy.context import tenant_context
from privacy.consent import tasks
from privacy.consent.models import TrackingSettings
from tests.fakes.tracking import fake_tracking  # noqa: F401  (fixture)


def tracking_enable(
    tenant: Tenant,
    *,
    posthog_host: str = "",
    meta: bool = False,
    posthog: bool = True,
    **extra: Any,
) -> TrackingSettings:
    with tenant_context(tenant.pk):
        row, _ = TrackingSettings.objects.get_or_create()
        row.posthog_enabled = posthog
        row.posthog_api_key = "phc_test_key"
        row.posthog_host = posthog_host or "https://eu.i.posthog.com"
        row.meta_enabled = meta
        row.meta_pixel_id = "123456789" if meta else ""
        row.meta_access_token = "EAAtoken" if meta else ""
        for key, value in extra.items():
            setattr(row, key, value)
        row.save()
        return row


@pytest.fixture
def enable_tracking() -> Any:
    return tracking_enable


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Tasks queued on commit are recorded here instead of going to the broker; tests run them
    when they choose (e.g. after a withdrawal)."""
    sent: list[tuple[str, dict[str, Any]]] = []

    for task in (tasks.meta_event_send, tasks.posthog_event_send):

        def fake_apply_async(
            kwargs: dict[str, Any] | None = None, _name: str = task.name, **_: Any
        ) -> None:
            sent.append((_name, dict(kwargs or {})))

        monkeypatch.setattr(task, "apply_async", fake_apply_async)
    return sent

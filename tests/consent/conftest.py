from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Tenant
from jobmentis.tenancy.context import tenant_context
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

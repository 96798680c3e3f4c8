"""Erasure keeps the proof of consent but detaches the person (the ledger's trigger allows
exactly that), stops tracking at once, and deletes the opaque analytics id."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent.models import AnalyticsIdentity, ConsentRecord, Purpose, Source
from privacy.consent.selectors import consent_state
from privacy.consent.services import (
    analytics_identity_ensure,
    consent_choices_save,
    policies_accept,
)
from privacy.erasure import erasure_run
from privacy.services import erasure_request, erasure_suspend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_erasure_request_withdraws_tracking_consent_at_once(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    consent_choices_save(
        tenant=tenant_a,
        choices={"analytics": True, "marketing": True},
        source=Source.BANNER,
        user=seeker_a,
    )
    with django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=seeker_a, tenant=tenant_a)
    erasure_suspend(request_id=request.pk, tenant_id=tenant_a.pk)
    assert consent_state(tenant=tenant_a, user=seeker_a) == {
        "analytics": False,
        "marketing": False,
    }


def test_full_erasure_detaches_consent_records_and_deletes_the_analytics_id(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    policies_accept(tenant=tenant_a, user=seeker_a)
    device = uuid.uuid4()
    consent_choices_save(
        tenant=tenant_a,
        choices={"analytics": True},
        source=Source.BANNER,
        user=seeker_a,
        device_id=device,
    )
    analytics_identity_ensure(tenant=tenant_a, user=seeker_a)
    with tenant_context(tenant_a.pk):
        before = ConsentRecord.objects.count()
    with django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=seeker_a, tenant=tenant_a)
    erasure_run(request_id=request.pk, tenant_id=tenant_a.pk)
    with tenant_context(tenant_a.pk):
        assert not AnalyticsIdentity.objects.exists()
        records = list(ConsentRecord.objects.all())
    assert len(records) == before
    assert all(r.user_id is None and r.device_id is None for r in records)
    assert {r.purpose for r in records} >= {Purpose.PRIVACY_POLICY, Purpose.TERMS}


@pytest.mark.parametrize(("days", "detached"), [(5 * 365 - 1, False), (5 * 365 + 1, True)])
def test_retention_detaches_consent_records_after_five_years(
    tenant_a: Tenant, seeker_a: User, days: int, detached: bool
) -> None:
    from datetime import timedelta

    from django.utils import timezone
    from freezegun import freeze_time

    from privacy.retention import retention_apply

    policies_accept(tenant=tenant_a, user=seeker_a)
    with freeze_time(timezone.now() + timedelta(days=days)), tenant_context(tenant_a.pk):
        retention_apply(tenant_scoped=True)
        records = list(ConsentRecord.objects.all())
    assert records
    assert all((r.user_id is None) == detached for r in records)

"""Retention rules from the manifest, just either side of each limit (freezegun)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from freezegun import freeze_time

from accounts.models import AuditLog, Tenant, User
from jobmentis.ai.models import AIUsageEvent
from jobmentis.tenancy.context import tenant_context
from privacy.models import DataExport, ErasureRequest
from privacy.retention import erasures_due, retention_apply
from privacy.services import erasure_request
from privacy.tasks import privacy_retention_apply, privacy_retention_sweep

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _usage(tenant: Tenant, user: User) -> None:
    with tenant_context(tenant.pk):
        AIUsageEvent.objects.create(user=user, feature="cv", provider="local", status="ok")
        AuditLog.objects.create(actor=user, action="view", object_type="resume")


def _counts(tenant: Tenant) -> tuple[int, int]:
    with tenant_context(tenant.pk):
        return AIUsageEvent.objects.count(), AuditLog.objects.count()


def _sweep(tenant: Tenant) -> None:
    with tenant_context(tenant.pk):
        retention_apply(tenant_scoped=True)


@pytest.mark.parametrize(
    ("age", "kept"),
    [
        (timedelta(days=365) - SECOND, (1, 1)),
        (timedelta(days=365) + SECOND, (0, 1)),  # usage logs: 12 months
        (timedelta(days=730) - SECOND, (0, 1)),
        (timedelta(days=730) + SECOND, (0, 0)),  # audit trail: 24 months
    ],
)
def test_usage_logs_and_audit_trail_expire_at_their_limits(
    tenant_a: Tenant, seeker_a: User, age: timedelta, kept: tuple[int, int]
) -> None:
    with freeze_time(START):
        _usage(tenant_a, seeker_a)
    with freeze_time(START + age):
        _sweep(tenant_a)
    assert _counts(tenant_a) == kept


@pytest.mark.parametrize(("offset", "kept"), [(-SECOND, True), (SECOND, False)])
def test_an_export_is_deleted_with_its_file_when_its_link_expires(
    tenant_a: Tenant, seeker_a: User, settings: Any, tmp_path: Any, offset: timedelta, kept: bool
) -> None:
    with freeze_time(START), tenant_context(tenant_a.pk):
        export = DataExport.objects.create(
            user=seeker_a, status=DataExport.Status.READY, expires_at=START + timedelta(days=7)
        )
        export.file.save("x.zip", ContentFile(b"PK"), save=True)
        name = export.file.name
    with freeze_time(START + timedelta(days=7) + offset):
        _sweep(tenant_a)
    with tenant_context(tenant_a.pk):
        assert DataExport.objects.filter(pk=export.pk).exists() is kept
    assert default_storage.exists(name) is kept


@pytest.mark.parametrize(("offset", "due"), [(-SECOND, False), (SECOND, True)])
def test_an_account_is_erased_30_days_after_the_request(
    tenant_a: Tenant,
    seeker_a: User,
    offset: timedelta,
    due: bool,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with freeze_time(START), django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=seeker_a, tenant=tenant_a)
    with freeze_time(START + timedelta(days=30) + offset), tenant_context(tenant_a.pk):
        assert erasures_due() == ([request.pk] if due else [])


def test_the_daily_job_fans_out_per_tenant_and_queues_due_erasures(
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    fanned: list[int] = []
    monkeypatch.setattr(
        privacy_retention_apply, "apply_async", lambda kwargs: fanned.append(kwargs["tenant_id"])
    )
    assert privacy_retention_sweep() == 2
    assert sorted(fanned) == sorted([tenant_a.pk, tenant_b.pk])

    with freeze_time(START), django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=seeker_a, tenant=tenant_a)
    queued: list[dict[str, int]] = []
    from privacy import tasks

    monkeypatch.setattr(
        tasks.privacy_erasure_run, "apply_async", lambda kwargs: queued.append(kwargs)
    )
    with freeze_time(START + timedelta(days=31)), django_capture_on_commit_callbacks(execute=True):
        privacy_retention_apply.apply(kwargs={"tenant_id": tenant_a.pk})
    assert queued == [{"tenant_id": tenant_a.pk, "request_id": request.pk}]
    with tenant_context(tenant_a.pk):
        assert ErasureRequest.objects.get(pk=request.pk).status == ErasureRequest.Status.SCHEDULED

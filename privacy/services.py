"""Writes of the privacy engine: export and erasure requests (the entry points other apps call),
cancellation, and the immediate effects of an erasure request."""

from __future__ import annotations

import logging
from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.db.models import FileField
from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import current_tenant_id, tenant_context
from jobmentis.tenancy.models import TenantOwnedModel
from jobmentis.tenancy.tasks import enqueue_on_commit
from privacy.adapters.files import FileStorageAdapter
from privacy.manifest import load_manifest
from privacy.models import DataExport, ErasureHold, ErasureRequest
from privacy.privacy_manifest import _sessions_of
from privacy.subject import subject_hash

logger = logging.getLogger(__name__)


class ErasureNotCancellable(Exception):
    """The grace period is over (or the request already ran): the erasure cannot be undone."""


def export_request(*, user: User, tenant: Tenant, source: str = "self_service") -> DataExport:
    """Queue a build of the user's data export for `tenant` (its data and the global identity).

    An export already queued or building is returned instead of starting a second one.
    """
    from privacy.tasks import privacy_export_build

    with tenant_context(tenant.pk):
        pending = (
            DataExport.objects.select_for_update()
            .filter(user=user, status__in=[DataExport.Status.QUEUED, DataExport.Status.BUILDING])
            .first()
        )
        if pending is not None:
            return pending
        export = DataExport.objects.create(user=user, source=source)
        enqueue_on_commit(privacy_export_build, tenant_id=tenant.pk, export_id=export.pk)
    return export


def erasure_request(*, user: User, tenant: Tenant, source: str = "self_service") -> ErasureRequest:
    """Close the account now and schedule its full erasure after the grace period.

    Immediately: sign-in is blocked on every tenant (global hold), every session is ended, and
    a task deletes the user's files and runs the other apps' suspend hooks (reminders, scheduled
    mail, tracking). A request already pending is returned unchanged.
    """
    from privacy.tasks import privacy_erasure_suspend

    now = timezone.now()
    grace_until = now + timedelta(days=settings.PRIVACY_ERASURE_GRACE_DAYS)
    with tenant_context(tenant.pk):
        hold = ErasureHold.objects.select_for_update().filter(user=user).first()
        if hold is not None and hold.request_tenant_id == tenant.pk:
            existing = ErasureRequest.objects.filter(pk=hold.request_id_value).first()
            if existing is not None:
                return existing
        request = ErasureRequest.objects.create(
            user=user,
            subject_id=user.pk,
            subject_hash=subject_hash(user.pk),
            source=source,
            requested_at=now,
            grace_until=grace_until,
            tenant_ids=[tenant.pk],
        )
        if hold is None:
            ErasureHold.objects.create(
                user=user,
                request_tenant=tenant,
                request_id_value=request.pk,
                grace_until=grace_until,
            )
        sessions_end(user_id=user.pk)
        enqueue_on_commit(privacy_erasure_suspend, tenant_id=tenant.pk, request_id=request.pk)
    _send_erasure_scheduled_mail(user=user, tenant=tenant, request=request)
    return request


def sessions_end(*, user_id: int) -> int:
    """Sign the user out everywhere: Django sessions and allauth's session list."""
    ended, _ = _sessions_of(user_id).delete()
    UserSession.objects.filter(user_id=user_id).delete()
    return ended


def user_files_delete(*, user_id: int, tenant_ids: list[int]) -> int:
    """Delete the user's stored files (CVs, pictures, exports) and clear the fields pointing at
    them, so the account, if restored, simply has no files. Outside any tenant context."""
    adapter = FileStorageAdapter()
    refs = adapter.snapshot(user_id=user_id, tenant_ids=tenant_ids)
    deleted = sum(adapter.erase(ref) for ref in refs)
    manifest = load_manifest()
    for tenant_id in tenant_ids:
        with tenant_context(tenant_id):
            for entry in manifest.entries.values():
                model = entry.model_class
                if not entry.personal or not issubclass(model, TenantOwnedModel):
                    continue
                names = [f.name for f in model._meta.fields if isinstance(f, FileField)]
                if names:
                    entry.subject_queryset(user_id).update(**dict.fromkeys(names, ""))
    return deleted


def erasure_suspend(*, request_id: int, tenant_id: int) -> None:
    """The immediate part of an erasure request, run by a task outside any tenant context."""
    from privacy.erasure import user_tenant_ids

    with tenant_context(tenant_id):
        request = ErasureRequest.objects.get(pk=request_id)
    if request.status != ErasureRequest.Status.SCHEDULED or request.subject_id is None:
        return
    user_id = int(request.subject_id)
    tenant_ids = user_tenant_ids(user_id)
    user_files_delete(user_id=user_id, tenant_ids=tenant_ids)
    for hook in load_manifest().hooks.suspend:
        hook(user_id)


def erasure_cancel(*, user: User) -> None:
    """Cancel a pending erasure during the grace period: sign-in works again at once (the hold
    is global); the request row, which lives in the tenant it was made on, is updated by a task.
    The files deleted at request time are not restored."""
    from privacy.tasks import privacy_erasure_cancelled

    hold = ErasureHold.objects.select_for_update().filter(user=user).first()
    if hold is None:
        raise ErasureNotCancellable("no pending erasure")
    if hold.grace_until <= timezone.now():
        raise ErasureNotCancellable("the grace period is over")
    request_tenant_id, request_id = hold.request_tenant_id, hold.request_id_value
    hold.delete()
    if current_tenant_id() == request_tenant_id:
        erasure_cancel_apply(request_id=request_id, tenant_id=request_tenant_id)
    else:
        transaction.on_commit(
            lambda: privacy_erasure_cancelled.apply_async(
                kwargs={"tenant_id": request_tenant_id, "request_id": request_id}
            )
        )
    for hook in load_manifest().hooks.resume:
        hook(user.pk)


def erasure_cancel_apply(*, request_id: int, tenant_id: int) -> None:
    with tenant_context(tenant_id):
        ErasureRequest.objects.filter(pk=request_id, status=ErasureRequest.Status.SCHEDULED).update(
            status=ErasureRequest.Status.CANCELLED, cancelled_at=timezone.now()
        )


def _send_erasure_scheduled_mail(*, user: User, tenant: Tenant, request: ErasureRequest) -> None:
    from privacy.emails import erasure_scheduled_send

    transaction.on_commit(
        lambda: erasure_scheduled_send(
            email=user.email, tenant=tenant, grace_until=request.grace_until
        )
    )


def export_download_record(*, export: DataExport) -> None:
    export.downloaded_at = timezone.now()
    export.save(update_fields=["downloaded_at"])

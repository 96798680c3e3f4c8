"""Reads of the request queue.

Tenant-side selectors use the default (tenant-filtered) managers. The `support_*` selectors are
the support console's cross-tenant reads: `cross_tenant` on the maintenance connection
(BYPASSRLS), like accounts.support; only the support console calls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import MAINTENANCE_DB
from accounts.models import AuditLog, Tenant, User
from privacy.models import DataExport, ErasureRequest
from privacy.requests.deadlines import DUE_SOON_DAYS
from privacy.requests.models import (
    ContactMessage,
    DataSubjectRequest,
    RequestAction,
    RequestNote,
)

OPEN = DataSubjectRequest.OPEN_STATUSES


def requests_for_user(*, user: User) -> QuerySet[DataSubjectRequest]:
    """The signed-in member's own requests on the current tenant, newest first."""
    return DataSubjectRequest.objects.filter(user=user).order_by("-received_at", "-id")


def request_pending_for_public(*, request_id: int | None) -> DataSubjectRequest | None:
    """The public request this browser filed and has not confirmed yet (id from the session)."""
    if request_id is None:
        return None
    return DataSubjectRequest.objects.filter(
        pk=request_id, source=DataSubjectRequest.Source.PUBLIC_FORM
    ).first()


# --- support console (cross-tenant) -------------------------------------------------------------


def _support_requests() -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.cross_tenant.using(MAINTENANCE_DB).all()


def _due_before(day: date) -> Q:
    """The effective deadline (extended, else original) is before `day`."""
    return Q(extended_due_on__isnull=True, due_on__lt=day) | Q(extended_due_on__lt=day)


@dataclass(frozen=True)
class QueueFilters:
    tenant_id: int | None = None
    kind: str = ""
    status: str = "open"  # a status, "open" or "" (all)
    assignee: str = ""  # "", "me", "none" or a user id
    overdue: bool = False


def support_request_queue(
    *, filters: QueueFilters, actor: User, today: date | None = None
) -> QuerySet[DataSubjectRequest]:
    """The queue across tenants, most urgent first (earliest effective deadline)."""
    today = today or timezone.localdate()
    queryset = _support_requests().select_related("tenant", "assignee")
    if filters.tenant_id:
        queryset = queryset.filter(tenant_id=filters.tenant_id)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status == "open":
        queryset = queryset.filter(status__in=OPEN)
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.assignee == "me":
        queryset = queryset.filter(assignee_id=actor.pk)
    elif filters.assignee == "none":
        queryset = queryset.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        queryset = queryset.filter(assignee_id=int(filters.assignee))
    if filters.overdue:
        queryset = queryset.filter(_due_before(today), status__in=OPEN)
    return queryset.order_by(Coalesce("extended_due_on", "due_on"), "received_at", "id")


@dataclass(frozen=True)
class QueueCounts:
    open: int
    overdue: int
    due_soon: int
    unassigned: int


def support_queue_counts(*, today: date | None = None) -> QueueCounts:
    today = today or timezone.localdate()
    open_requests = _support_requests().filter(status__in=OPEN)
    return QueueCounts(
        open=open_requests.count(),
        overdue=open_requests.filter(_due_before(today)).count(),
        due_soon=open_requests.exclude(_due_before(today))
        .filter(_due_before(today + timedelta(days=DUE_SOON_DAYS + 1)))
        .count(),
        unassigned=open_requests.filter(assignee__isnull=True).count(),
    )


def support_request_tenant_id(*, request_id: int) -> int | None:
    """Which tenant a request belongs to: the support views then act inside that tenant."""
    return (
        DataSubjectRequest.cross_tenant.using(MAINTENANCE_DB)
        .filter(pk=request_id)
        .values_list("tenant_id", flat=True)
        .first()
    )


@dataclass(frozen=True)
class HistoryEntry:
    what: str
    who: str
    when: datetime


@dataclass(frozen=True)
class SupportRequestDetail:
    request: DataSubjectRequest
    tenant: Tenant
    notes: list[RequestNote]
    history: list[HistoryEntry]
    view_count: int


def _history_entry(entry: AuditLog) -> HistoryEntry:
    if entry.object_type == RequestNote._meta.label_lower:
        what = str(_("Note added"))
    elif entry.action == AuditLog.Action.ADD:
        what = str(_("Request filed"))
    elif entry.changed_fields:
        names = ", ".join(str(_FIELD_LABELS.get(name, name)) for name in entry.changed_fields)
        what = f"{entry.get_action_display()}: {names}"
    else:
        what = str(entry.get_action_display())
    if entry.actor is not None:
        who = entry.actor.email
    elif entry.actor_role == "data_subject":
        who = str(_("the requester"))
    else:
        who = entry.actor_role or "—"
    return HistoryEntry(what=what, who=who, when=entry.created_at)


_FIELD_LABELS: dict[str, Any] = {
    field.name: field.verbose_name for field in DataSubjectRequest._meta.concrete_fields
} | {f"action:{action.value}": action.label for action in RequestAction}


@dataclass(frozen=True)
class RequestOutcomes:
    """Where the work started from a request stands: the linked account's latest export and
    erasure in the request's tenant (started from the request or by the person themselves)."""

    export: DataExport | None
    erasure: ErasureRequest | None


def request_outcomes(*, dsr: DataSubjectRequest) -> RequestOutcomes:
    if dsr.user_id is None:
        return RequestOutcomes(export=None, erasure=None)
    export = (
        DataExport.cross_tenant.using(MAINTENANCE_DB)
        .filter(tenant_id=dsr.tenant_id, user_id=dsr.user_id)
        .order_by("-created_at", "-id")
        .first()
    )
    erasure = (
        ErasureRequest.cross_tenant.using(MAINTENANCE_DB)
        .filter(tenant_id=dsr.tenant_id, subject_id=dsr.user_id)
        .order_by("-requested_at", "-id")
        .first()
    )
    return RequestOutcomes(export=export, erasure=erasure)


def support_request_detail(*, request_id: int) -> SupportRequestDetail | None:
    dsr = _support_requests().select_related("tenant", "assignee", "user").filter(pk=request_id)
    found = dsr.first()
    if found is None:
        return None
    notes = list(
        RequestNote.cross_tenant.using(MAINTENANCE_DB)
        .filter(tenant_id=found.tenant_id, request_id=found.pk)
        .select_related("author")
        .order_by("created_at", "id")
    )
    note_ids = [str(note.pk) for note in notes]
    entries = list(
        AuditLog.cross_tenant.using(MAINTENANCE_DB)
        .filter(tenant_id=found.tenant_id)
        .filter(
            Q(object_type=DataSubjectRequest._meta.label_lower, object_id=str(found.pk))
            | Q(object_type=RequestNote._meta.label_lower, object_id__in=note_ids)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    # Views are audited (who looked, when) but would drown the history of what was done.
    return SupportRequestDetail(
        request=found,
        tenant=found.tenant,
        notes=notes,
        history=[_history_entry(e) for e in entries if e.action != AuditLog.Action.VIEW],
        view_count=sum(1 for e in entries if e.action == AuditLog.Action.VIEW),
    )


def support_staff_users() -> QuerySet[User]:
    """Who a request can be assigned to."""
    return User.objects.filter(Q(is_support=True) | Q(is_superuser=True), is_active=True).order_by(
        "email"
    )


def support_contact_messages(*, tenant_id: int | None = None) -> QuerySet[ContactMessage]:
    queryset = (
        ContactMessage.cross_tenant.using(MAINTENANCE_DB)
        .select_related("tenant")
        .order_by("-created_at", "-id")
    )
    if tenant_id:
        queryset = queryset.filter(tenant_id=tenant_id)
    return queryset

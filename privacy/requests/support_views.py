"""The GDPR request queue in the support console (`/support/gdpr/` on platform hosts).

Reads go through the cross-tenant selectors (maintenance connection). Every action runs inside
the request's own tenant context (`tenant_context(tenant_id)`): the row is re-read and written
as the app role under RLS, and the audit entry lands in that tenant's log, exactly as if the
action had been taken on the tenant's host.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import ChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import MAINTENANCE_DB, audit_record
from accounts.models import AuditLog, User
from accounts.support_views import support_role, support_staff_required
from jobmentis.tenancy.context import tenant_context
from privacy.requests.forms import (
    ActionForm,
    AssignForm,
    ExtendForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from privacy.requests.models import ContactMessage, DataSubjectRequest, RequestAction
from privacy.requests.selectors import (
    QueueFilters,
    request_outcomes,
    support_contact_messages,
    support_queue_counts,
    support_request_detail,
    support_request_queue,
    support_request_tenant_id,
    support_staff_users,
)
from privacy.requests.services import (
    TRANSITIONS,
    RequestError,
    request_actions,
    request_assign,
    request_extend,
    request_note_add,
    request_run_action,
    request_set_status,
)

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_GET
@support_staff_required
def queue(request: HttpRequest) -> HttpResponse:
    staff = list(support_staff_users())
    form = QueueFilterForm(request.GET or None, staff=staff, initial={"status": "open"})
    filters = QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = QueueFilters(
            tenant_id=data["tenant"].pk if data["tenant"] else None,
            kind=data["kind"],
            status=data["status"],
            assignee=data["assignee"],
            overdue=data["overdue"],
        )
    page = Paginator(
        support_request_queue(filters=filters, actor=_actor(request)), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dsr/support/queue.html",
        {
            "form": form,
            "page": page,
            "counts": support_queue_counts(),
            "today": timezone.localdate(),
            "query": query.urlencode(),
        },
    )


@require_GET
@support_staff_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    found = support_request_detail(request_id=request_id)
    if found is None:
        raise Http404
    # Opening a request shows a person's data: recorded in the log of the request's tenant.
    audit_record(
        actor=_actor(request),
        actor_role=support_role(request) or "",
        action=AuditLog.Action.VIEW,
        object_type=DataSubjectRequest._meta.label_lower,
        object_id=found.request.pk,
        path=request.path,
        tenant_id=found.tenant.pk,
        using=MAINTENANCE_DB,
    )
    staff = list(support_staff_users())
    dsr = found.request
    allowed = TRANSITIONS.get(dsr.status, frozenset())
    status_form = StatusForm()
    status_field = status_form.fields["status"]
    assert isinstance(status_field, ChoiceField)
    status_field.choices = [
        (value, label) for value, label in DataSubjectRequest.Status.choices if value in allowed
    ]
    return render(
        request,
        "dsr/support/detail.html",
        {
            "detail": found,
            "dsr": dsr,
            "today": timezone.localdate(),
            "assign_form": AssignForm(
                initial={"assignee": str(dsr.assignee_id or "")}, staff=staff
            ),
            "status_form": status_form if allowed else None,
            "extend_form": ExtendForm(initial={"months": min(dsr.extension_months + 1, 2)}),
            "can_extend": dsr.is_open
            and dsr.extension_months < 2
            and timezone.localdate() <= dsr.due_on,
            "note_form": NoteForm(),
            "actions": [(action, RequestAction(action).label) for action in request_actions(dsr)],
            "outcomes": request_outcomes(dsr=dsr),
        },
    )


@contextmanager
def _acting_on(request_id: int) -> Iterator[DataSubjectRequest]:
    """Enter the request's tenant and yield the row, locked for the change."""
    tenant_id = support_request_tenant_id(request_id=request_id)
    if tenant_id is None:
        raise Http404
    with tenant_context(tenant_id):
        yield DataSubjectRequest.objects.select_for_update().get(pk=request_id)


def _back(request_id: int) -> HttpResponse:
    return redirect(reverse("support:dsr_detail", args=[request_id]))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _act(
    request: HttpRequest,
    request_id: int,
    form: Any,
    run: Callable[[DataSubjectRequest, dict[str, Any], str], object],
    success: str,
) -> HttpResponse:
    """The shape every queue action shares: validate the form, lock the request inside its
    tenant, call one service, and report its refusal or its success."""
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request_id)
    role = support_role(request) or ""
    with _acting_on(request_id) as dsr:
        try:
            outcome = run(dsr, form.cleaned_data, role)
        except RequestError as error:
            messages.error(request, error.message)
        else:
            # A service that reports what it did (a string) speaks for itself.
            messages.success(request, outcome if isinstance(outcome, str) else success)
    return _back(request_id)


@require_POST
@support_staff_required
def assign(request: HttpRequest, request_id: int) -> HttpResponse:
    form = AssignForm(request.POST, staff=list(support_staff_users()))
    return _act(
        request,
        request_id,
        form,
        lambda dsr, data, role: request_assign(
            dsr=dsr,
            assignee=form.assignee_user(),
            actor=_actor(request),
            actor_role=role,
            path=request.path,
        ),
        _("Assignment saved."),
    )


@require_POST
@support_staff_required
def change_status(request: HttpRequest, request_id: int) -> HttpResponse:
    return _act(
        request,
        request_id,
        StatusForm(request.POST),
        lambda dsr, data, role: request_set_status(
            dsr=dsr,
            status=data["status"],
            reason=data["reason"],
            resolution=data["resolution"],
            actor=_actor(request),
            actor_role=role,
            path=request.path,
        ),
        _("Status changed."),
    )


@require_POST
@support_staff_required
def extend(request: HttpRequest, request_id: int) -> HttpResponse:
    return _act(
        request,
        request_id,
        ExtendForm(request.POST),
        lambda dsr, data, role: request_extend(
            dsr=dsr,
            months=data["months"],
            reason=data["reason"],
            actor=_actor(request),
            actor_role=role,
            path=request.path,
        ),
        _("Deadline extended; the requester has been told."),
    )


@require_POST
@support_staff_required
def add_note(request: HttpRequest, request_id: int) -> HttpResponse:
    return _act(
        request,
        request_id,
        NoteForm(request.POST),
        lambda dsr, data, role: request_note_add(
            dsr=dsr,
            body=data["body"],
            author=_actor(request),
            actor_role=role,
            path=request.path,
        ),
        _("Note added."),
    )


@require_POST
@support_staff_required
def run_action(request: HttpRequest, request_id: int) -> HttpResponse:
    """Run the export, erasure, restriction or objection the request asks for."""
    return _act(
        request,
        request_id,
        ActionForm(request.POST),
        lambda dsr, data, role: request_run_action(
            dsr=dsr,
            action=data["action"],
            actor=_actor(request),
            actor_role=role,
            path=request.path,
        ),
        _("Done."),
    )


@require_GET
@support_staff_required
def contact_messages(request: HttpRequest) -> HttpResponse:
    page = Paginator(support_contact_messages(), PAGE_SIZE).get_page(request.GET.get("page"))
    # Listing messages shows people's names, addresses and words: each message shown gets a
    # view entry in its tenant's log, as opening a request does.
    for message in page.object_list:
        audit_record(
            actor=_actor(request),
            actor_role=support_role(request) or "",
            action=AuditLog.Action.VIEW,
            object_type=ContactMessage._meta.label_lower,
            object_id=message.pk,
            path=request.get_full_path(),
            tenant_id=message.tenant_id,
            using=MAINTENANCE_DB,
        )
    return render(request, "dsr/support/contact_messages.html", {"page": page})

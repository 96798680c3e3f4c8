"""Support console: a user's consent history across tenants (`/support/gdpr/users/<id>/consent/`
on platform hosts). The read is audited in the log of every tenant whose records are shown."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.audit import MAINTENANCE_DB, audit_record
from accounts.models import AuditLog, User
from accounts.support_views import support_role, support_staff_required
from privacy.consent.models import ConsentRecord
from privacy.consent.selectors import support_consent_history


@require_GET
@support_staff_required
def consent_history(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = User.objects.filter(pk=user_id).first()
    if subject is None:
        raise Http404
    records = support_consent_history(user_id=subject.pk)
    actor = request.user
    assert isinstance(actor, User)
    for tenant_id in sorted({r.tenant_id for r in records}):
        audit_record(
            actor=actor,
            actor_role=support_role(request) or "",
            action=AuditLog.Action.VIEW,
            object_type=ConsentRecord._meta.label_lower,
            object_id=subject.pk,
            path=request.path,
            tenant_id=tenant_id,
            using=MAINTENANCE_DB,
        )
    return render(request, "consent/support_history.html", {"subject": subject, "records": records})

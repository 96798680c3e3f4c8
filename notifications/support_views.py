"""Support console pages for email (platform hosts, /support/email/): the outbox (failed and
pending messages, retry), template previews, and sending a marketing email to a tenant."""

from __future__ import annotations

from csp.decorators import csp_replace
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import audit_record
from accounts.models import AuditLog, Tenant, User
from accounts.support_views import support_role, support_staff_required
from jobmentis.email.models import OutboxMessage, Suppression
from jobmentis.email.previews import email_preview_render, email_previews
from jobmentis.email.services import outbox_retry
from jobmentis.email.suppression import suppression_lift_everywhere
from notifications.forms import CampaignForm
from notifications.services import campaign_create

PREVIEW_LANGUAGES = [("en", "English"), ("it", "Italiano"), ("fr", "Français")]


@require_GET
@support_staff_required
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "failed")
    if status not in OutboxMessage.Status.values:
        status = "failed"
    rows = (
        OutboxMessage.objects.filter(status=status)
        .select_related("workspace")
        .prefetch_related("events")
        .order_by("-created_at")[:200]
    )
    counts = {s: OutboxMessage.objects.filter(status=s).count() for s in OutboxMessage.Status}
    suppressed = Suppression.objects.count()
    return render(
        request,
        "notifications/support/outbox.html",
        {
            "rows": rows,
            "status": status,
            "statuses": OutboxMessage.Status.choices,
            "counts": counts,
            "suppressed": suppressed,
            "lift_form": LiftSuppressionForm(),
        },
    )


@require_POST
@support_staff_required
def outbox_message_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    row = OutboxMessage.objects.filter(pk=message_id).first()
    if row is None:
        raise Http404
    if outbox_retry(outbox_id=row.pk):
        if row.workspace_id is not None:
            audit_record(
                actor=request.user if isinstance(request.user, User) else None,
                actor_role=support_role(request) or "",
                action=AuditLog.Action.CHANGE,
                object_type="email.outboxmessage",
                object_id=row.pk,
                changed_fields=["status"],
                path=request.path,
                tenant_id=row.workspace_id,
                using="maintenance",
            )
        messages.success(request, _("The email is queued again."))
    else:
        messages.error(request, _("Only failed or queued emails can be retried."))
    return redirect(f"{request.path.rsplit('/', 3)[0]}/?status={row.status}")


class LiftSuppressionForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)


@require_POST
@support_staff_required
def suppression_lift(request: HttpRequest) -> HttpResponse:
    form = LiftSuppressionForm(request.POST)
    if form.is_valid():
        lifted = suppression_lift_everywhere(address=form.cleaned_data["email"])
        if lifted:
            messages.success(request, _("Emails to this address will be delivered again."))
        else:
            messages.info(request, _("This address is not suppressed."))
    else:
        messages.error(request, _("Enter a valid email address."))
    return redirect("support:email_outbox")


@require_GET
@support_staff_required
def previews(request: HttpRequest) -> HttpResponse:
    tenants = list(Tenant.objects.filter(is_active=True))
    if not tenants:
        raise Http404
    tenant = next((t for t in tenants if str(t.pk) == request.GET.get("tenant")), tenants[0])
    language = request.GET.get("lang", "en")
    if language not in dict(PREVIEW_LANGUAGES):
        language = "en"
    selected = request.GET.get("template", "")
    return render(
        request,
        "notifications/support/previews.html",
        {
            "tenants": tenants,
            "selected_tenant": tenant,
            "language": language,
            "languages": PREVIEW_LANGUAGES,
            "previews": email_previews(tenant=tenant),
            "selected": selected,
        },
    )


@require_GET
@support_staff_required  # type: ignore[arg-type]
@xframe_options_sameorigin
# Shown in a sandboxed iframe of the previews page: email HTML is all inline styles, and the
# tenant logo is on the tenant's host. No script can run in it (sandbox, script-src unchanged).
@csp_replace(  # type: ignore[arg-type]
    {"frame-ancestors": ["'self'"], "style-src": ["'unsafe-inline'"], "img-src": ["*", "data:"]}
)
def preview_render(request: HttpRequest, key: str) -> HttpResponse:
    tenant = Tenant.objects.filter(pk=request.GET.get("tenant") or 0).first()
    language = request.GET.get("lang", "en")
    if tenant is None or language not in dict(PREVIEW_LANGUAGES):
        raise Http404
    rendered = email_preview_render(tenant=tenant, key=key, language=language)
    if rendered is None:
        raise Http404
    html, text = rendered
    if request.GET.get("format") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
@support_staff_required
def campaign_send(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tenant = form.cleaned_data["tenant"]
        campaign = campaign_create(
            tenant=tenant,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            created_by=request.user if isinstance(request.user, User) else None,
        )
        audit_record(
            actor=request.user if isinstance(request.user, User) else None,
            actor_role=support_role(request) or "",
            action=AuditLog.Action.ADD,
            object_type="notifications.marketingcampaign",
            object_id=campaign.pk,
            path=request.path,
            tenant_id=tenant.pk,
            using="maintenance",
        )
        messages.success(
            request,
            _("The email is being sent to every confirmed subscriber of %(tenant)s.")
            % {"tenant": tenant.brand_name},
        )
        return redirect(request.path)
    return render(request, "notifications/support/campaign.html", {"form": form})

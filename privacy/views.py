"""Settings → Data & Privacy: export my data, delete my account; and the signed-out pages of a
closing account (cancel during the grace period, follow the erasure to its receipt)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from privacy.auth import PENDING_SESSION_KEY
from privacy.forms import DeleteAccountForm
from privacy.models import DataExport
from privacy.selectors import (
    erasure_hold_for,
    erasure_request_by_token,
    erasure_summary,
    export_for_user,
    privacy_settings_context,
)
from privacy.services import (
    ErasureNotCancellable,
    erasure_cancel,
    erasure_request,
    export_download_record,
    export_request,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_POST
@login_required
def export_create(request: HttpRequest) -> HttpResponse:
    export_request(user=_user(request), tenant=request.tenant)  # type: ignore[attr-defined]
    if request.htmx:  # type: ignore[attr-defined]
        return _exports_partial(request)
    messages.success(request, _("We are preparing your data. We will also email you."))
    return redirect("settings_privacy")


@require_GET
@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    return _exports_partial(request)


def _exports_partial(request: HttpRequest) -> HttpResponse:
    context = privacy_settings_context(user=_user(request))
    return render(request, "privacy/settings_exports.html#exports", context)


@require_GET
@login_required
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    # Look the export up first: another user's (or a missing) export is a 404 before anything
    # else, re-authentication included, so both answer alike.
    export = export_for_user(user=_user(request), export_id=export_id)
    if not export.is_downloadable:
        raise Http404("This export has expired or is not ready.")
    return _export_stream(request, export=export)


@reauthentication_required
def _export_stream(request: HttpRequest, *, export: DataExport) -> FileResponse:
    export_download_record(export=export)
    name = f"{request.tenant.slug}-data-{export.created_at:%Y%m%d}.zip"  # type: ignore[attr-defined]
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip"
    )


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required(allow_get=False)
def delete_account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        erasure = erasure_request(user=user, tenant=request.tenant)  # type: ignore[attr-defined]
        logout(request)
        return redirect("privacy:settings_privacy_erasure_status", token=erasure.status_token)
    return render(
        request, "privacy/delete_account.html", {"form": form, "summary": erasure_summary()}
    )


@require_GET
def erasure_status(request: HttpRequest, token: str) -> HttpResponse:
    erasure = erasure_request_by_token(token=token)
    receipt = getattr(erasure, "receipt", None) if erasure.status == "completed" else None
    template = (
        "privacy/erasure_status.html#status"
        if request.htmx  # type: ignore[attr-defined]
        else "privacy/erasure_status.html"
    )
    return render(request, template, {"erasure": erasure, "receipt": receipt})


@require_http_methods(["GET", "POST"])
def account_closing(request: HttpRequest) -> HttpResponse:
    """Reached after a correct password on a closing account: say when it will be erased and
    offer to keep it. Anyone else gets a 404."""
    user_id = request.session.get(PENDING_SESSION_KEY)
    hold = erasure_hold_for(user_id=int(user_id)) if user_id else None
    if hold is None:
        raise Http404("Nothing pending.")
    if request.method == "POST":
        try:
            erasure_cancel(user=hold.user)
        except ErasureNotCancellable:
            messages.error(request, _("The grace period is over: the account can't be restored."))
            return redirect(reverse("account_login"))
        request.session.pop(PENDING_SESSION_KEY, None)
        messages.success(request, _("Your account is restored. Please sign in again."))
        return redirect(reverse("account_login"))
    expired = hold.grace_until <= timezone.now()
    return render(request, "privacy/account_closing.html", {"hold": hold, "expired": expired})

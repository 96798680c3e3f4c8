from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import profile_for_user
from accounts.services import membership_join


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return redirect("account_login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_for_user(user=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/dashboard.html", {"profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """A signed-in user who is not a member of this host's tenant lands here."""
    tenant = request.tenant  # type: ignore[attr-defined]
    if getattr(request, "membership", None) is not None:
        return redirect("dashboard")
    if not tenant.allow_self_signup:
        return render(request, "accounts/join_refused.html", status=403)
    if request.method == "POST":
        membership_join(user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Welcome to %(tenant)s.") % {"tenant": tenant.brand_name})
        return redirect("dashboard")
    return render(request, "accounts/join.html")


def forbidden(request: HttpRequest) -> HttpResponse:
    return HttpResponseForbidden()

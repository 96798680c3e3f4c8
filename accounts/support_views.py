"""Support console on platform hosts (`/support/`): platform support staff and superusers only.

Thin views over accounts.support; the GDPR request queue (privacy app) joins here later.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.audit import ActorRole
from accounts.support import support_tenant_summaries, support_user_lookup


def support_role(request: HttpRequest) -> str | None:
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_superuser:
        return ActorRole.SUPERUSER
    if getattr(user, "is_support", False):
        return ActorRole.SUPPORT
    return None


def support_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if support_role(request) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class UserLookupForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)


@require_GET
@support_staff_required
def support_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/home.html",
        {"tenants": support_tenant_summaries(), "lookup_form": UserLookupForm()},
    )


@require_GET
@support_staff_required
def support_user_search(request: HttpRequest) -> HttpResponse:
    form = UserLookupForm(request.GET or None)
    result = None
    searched = False
    if form.is_valid():
        searched = True
        result = support_user_lookup(
            actor=request.user,  # type: ignore[arg-type]
            actor_role=support_role(request) or "",
            email=form.cleaned_data["email"],
            path=request.path,
        )
    return render(
        request,
        "support/user_lookup.html",
        {"lookup_form": form, "result": result, "searched": searched},
    )


def platform_home(request: HttpRequest) -> HttpResponse:
    """Landing on a platform host after sign-in: support console, platform admin or sign-in."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    if request.user.is_superuser or getattr(request.user, "is_support", False):
        return redirect("support:home")
    raise PermissionDenied

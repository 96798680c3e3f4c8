"""Membership wall: on a tenant host, a signed-in user must be a member of *that* tenant.

Runs after AuthenticationMiddleware. A session is bound to the tenant it was created on; the
cookie is host-only already, so a session seen on another tenant's host was copied by hand and is
flushed. Users without a membership are sent to the join page (open tenants) or refused.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from accounts.selectors import membership_for_user, profile_for_user

SESSION_TENANT_KEY = "jm_tenant_id"
# Paths a signed-in non-member may still reach: the join page itself, logging out, changing
# language, and allauth's flows that finish a sign-in (email confirmation, MFA).
NON_MEMBER_ALLOWED_PREFIXES = (
    "/join/",
    "/accounts/logout/",
    "/accounts/confirm-email/",
    "/accounts/2fa/authenticate/",
    "/i18n/",
    "/admin/",
)


class TenantMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        request.membership = None  # type: ignore[attr-defined]
        if tenant is None or not request.user.is_authenticated:
            return self.get_response(request)

        bound = request.session.get(SESSION_TENANT_KEY)
        if bound is not None and bound != tenant.pk:
            logout(request)
            return redirect(f"{reverse('account_login')}?next={request.get_full_path()}")
        if bound is None:
            request.session[SESSION_TENANT_KEY] = tenant.pk

        membership = membership_for_user(user=request.user)
        request.membership = membership  # type: ignore[attr-defined]
        if membership is None:
            if not request.path_info.startswith(NON_MEMBER_ALLOWED_PREFIXES):
                return redirect("join")
        elif settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # No explicit choice on this browser: use the language saved in the profile.
            profile = profile_for_user(user=request.user)
            if profile and profile.language:
                translation.activate(profile.language)
                request.LANGUAGE_CODE = profile.language
        return self.get_response(request)

"""Consent pages: the public policies, the banner's answer (anonymous visitors too), and the
consent and restriction settings in Data & Privacy."""

from __future__ import annotations

from typing import Any

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Tenant, User
from privacy.consent.device import (
    device_cookie_set,
    device_id_ensure,
    device_id_from_request,
    tracker_cookies_expire,
)
from privacy.consent.forms import ConsentChoicesForm, RestrictionForm
from privacy.consent.models import PolicyVersion, Source
from privacy.consent.rendering import policy_render
from privacy.consent.selectors import consent_state, policy_current, processors_for
from privacy.consent.services import consent_choices_save, restriction_set


def _tenant(request: HttpRequest) -> Tenant:
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404
    return tenant


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _policy_page(request: HttpRequest, kind: str) -> HttpResponse:
    tenant = _tenant(request)
    policy = policy_current(tenant=tenant, kind=kind)
    context: dict[str, Any] = {
        "policy": policy,
        "policy_html": policy_render(policy.body) if policy else "",
        "kind": kind,
        "processors": processors_for(tenant=tenant) if kind == PolicyVersion.Kind.PRIVACY else [],
        "kind_label": PolicyVersion.Kind(kind).label,
    }
    if kind == PolicyVersion.Kind.COOKIES:
        device = device_id_from_request(request)
        state = consent_state(tenant=tenant, user=_user(request), device_id=device)
        context["choices_form"] = ConsentChoicesForm(
            initial={
                "analytics": state.get("analytics", False),
                "marketing": state.get("marketing", False),
                "next": request.path,
            }
        )
    return render(request, "consent/policy.html", context)


@require_GET
def privacy_policy(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyVersion.Kind.PRIVACY)


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyVersion.Kind.TERMS)


@require_GET
def cookie_policy(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyVersion.Kind.COOKIES)


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_POST
def consent_save(request: HttpRequest) -> HttpResponse:
    """The banner's (and the cookie page's) answer. Without JavaScript: a plain POST and a
    redirect back. With htmx: the banner disappears, and the page reloads when a tracker may
    now load or must now unload."""
    tenant = _tenant(request)
    # Public and anonymous: every answer appends ledger rows, so a script cannot flood it.
    if not ratelimit.consume(request, action="consent_save"):
        return HttpResponse(_("Too many attempts from here. Please wait a while."), status=429)
    form = ConsentChoicesForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid choice."), status=400)
    user = _user(request)
    device = device_id_ensure(request)
    before = consent_state(tenant=tenant, user=user, device_id=device)
    choices = form.choices()
    source = Source.BANNER if request.POST.get("source") != "settings" else Source.SETTINGS
    consent_choices_save(tenant=tenant, choices=choices, source=source, user=user, device_id=device)
    changed_tracking = any(choices.values()) or any(before.get(p) for p in choices)
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse("")
        if changed_tracking:
            response["HX-Refresh"] = "true"
    else:
        messages.success(request, _("Your cookie choices were saved."))
        response = redirect(_safe_next(request, form.cleaned_data.get("next") or ""))
    device_cookie_set(response, device)
    tracker_cookies_expire(request, response, choices)
    return response


@login_required
@require_POST
def settings_consent_save(request: HttpRequest) -> HttpResponse:
    """Data & Privacy: change or withdraw analytics and marketing consent."""
    tenant = _tenant(request)
    form = ConsentChoicesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which cookies you allow."))
        return redirect(reverse("settings_privacy"))
    device = device_id_ensure(request)
    choices = form.choices()
    consent_choices_save(
        tenant=tenant,
        choices=choices,
        source=Source.SETTINGS,
        user=_user(request),
        device_id=device,
    )
    messages.success(request, _("Your cookie choices were saved."))
    response = redirect(reverse("settings_privacy") + "#consent-heading")
    device_cookie_set(response, device)
    tracker_cookies_expire(request, response, choices)
    return response


@login_required
@require_POST
def settings_restriction_save(request: HttpRequest) -> HttpResponse:
    """Data & Privacy: restrict (or allow again) AI processing of the user's CVs."""
    tenant = _tenant(request)
    user = _user(request)
    assert user is not None
    form = RestrictionForm(request.POST)
    form.is_valid()
    restricted = bool(form.cleaned_data.get("ai_restricted"))
    restriction_set(user=user, tenant=tenant, restricted=restricted, source=Source.SETTINGS)
    if restricted:
        messages.success(request, _("AI processing of your CVs is restricted."))
    else:
        messages.success(request, _("AI features may process your CVs again."))
    return redirect(reverse("settings_privacy") + "#restriction-heading")

"""Tenant-host pages: the public request form (with the emailed code), the contact form and the
signed-in member's "My requests" page. Thin: validate, rate-limit, call one service, render."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from privacy.requests.forms import CodeForm, ContactForm, MyRequestForm, PublicRequestForm
from privacy.requests.selectors import request_pending_for_public, requests_for_user
from privacy.requests.services import (
    CODE_MAX_ATTEMPTS,
    RequestError,
    contact_message_create,
    request_code_send,
    request_code_verify,
    request_create_for_user,
    request_create_public,
)

PENDING_SESSION_KEY = "dsr_pending_request"
CONFIRMED_SESSION_KEY = "dsr_confirmed_request"
CONTACT_SENT_SESSION_KEY = "dsr_contact_sent"


def _language() -> str:
    return (get_language() or "en")[:8]


def _rate_limited(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """Count one attempt against the limits in ACCOUNT_RATE_LIMITS[action] (Redis, per IP and,
    when given, per key). Keys carry the tenant, like every cache key."""
    scoped = f"{request.tenant.pk}:{key.lower()}" if key else None  # type: ignore[attr-defined]
    return not ratelimit.consume(request, action=action, key=scoped)


def _too_many(request: HttpRequest, template: str, context: Mapping[str, Any]) -> HttpResponse:
    messages.error(request, _("Too many attempts from here. Please wait a while and try again."))
    return render(request, template, context, status=429)


@require_http_methods(["GET", "POST"])
def public_request(request: HttpRequest) -> HttpResponse:
    form = PublicRequestForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if form.is_bot():
            # Answer as if it worked; nothing is stored or sent.
            return redirect("dsr_public_confirm")
        if form.is_valid():
            email = form.cleaned_data["email"]
            if _rate_limited(request, action="dsr_request", key=email):
                return _too_many(request, "dsr/public_request.html", context)
            dsr = request_create_public(
                kind=form.cleaned_data["kind"],
                full_name=form.cleaned_data["full_name"],
                email=email,
                details=form.cleaned_data["details"],
                language=_language(),
                path=request.path,
            )
            request.session[PENDING_SESSION_KEY] = dsr.pk
            return redirect("dsr_public_confirm")
        return render(request, "dsr/public_request.html", context, status=400)
    return render(request, "dsr/public_request.html", context)


@require_http_methods(["GET", "POST"])
def public_confirm(request: HttpRequest) -> HttpResponse:
    dsr = request_pending_for_public(request_id=request.session.get(PENDING_SESSION_KEY))
    form = CodeForm(request.POST or None)
    context = {"form": form, "dsr": dsr, "max_attempts": CODE_MAX_ATTEMPTS}
    if request.method == "POST" and dsr is not None:
        if _rate_limited(request, action="dsr_code"):
            return _too_many(request, "dsr/public_confirm.html", context)
        if form.is_valid():
            try:
                request_code_verify(dsr=dsr, code=form.cleaned_data["code"], path=request.path)
            except RequestError as error:
                form.add_error("code", error.message)
            else:
                request.session.pop(PENDING_SESSION_KEY, None)
                request.session[CONFIRMED_SESSION_KEY] = dsr.pk
                return redirect("dsr_public_done")
        return render(request, "dsr/public_confirm.html", context, status=400)
    return render(request, "dsr/public_confirm.html", context)


@require_POST
def public_resend(request: HttpRequest) -> HttpResponse:
    dsr = request_pending_for_public(request_id=request.session.get(PENDING_SESSION_KEY))
    if dsr is None:
        return redirect("dsr_public_confirm")
    if _rate_limited(request, action="dsr_code_send", key=dsr.email):
        messages.error(request, _("We have sent several codes already. Please wait a while."))
        return redirect("dsr_public_confirm")
    try:
        request_code_send(dsr=dsr, path=request.path)
    except RequestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new code is on its way."))
    return redirect("dsr_public_confirm")


def public_done(request: HttpRequest) -> HttpResponse:
    dsr = request_pending_for_public(request_id=request.session.get(CONFIRMED_SESSION_KEY))
    if dsr is None:
        return redirect("dsr_public_request")
    return render(request, "dsr/public_done.html", {"dsr": dsr})


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    initial = {}
    user = request.user if request.user.is_authenticated else None
    if isinstance(user, User):
        initial = {"email": user.email}
    form = ContactForm(request.POST or None, initial=initial)
    context = {"form": form}
    if request.method == "POST":
        if form.is_bot():
            request.session[CONTACT_SENT_SESSION_KEY] = True
            return redirect("dsr_contact_sent")
        if form.is_valid():
            email = form.cleaned_data["email"]
            if _rate_limited(request, action="dsr_contact", key=email):
                return _too_many(request, "dsr/contact.html", context)
            contact_message_create(
                full_name=form.cleaned_data["full_name"],
                email=email,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                user=user if isinstance(user, User) else None,
                language=_language(),
            )
            _track_lead(request, full_name=form.cleaned_data["full_name"], email=email)
            request.session[CONTACT_SENT_SESSION_KEY] = True
            return redirect("dsr_contact_sent")
        return render(request, "dsr/contact.html", context, status=400)
    return render(request, "dsr/contact.html", context)


def _track_lead(request: HttpRequest, *, full_name: str, email: str) -> None:
    """Meta's Lead (and analytics) event; consent module checks the tenant switch and consent,
    and hashes the identifiers before anything is queued."""
    from privacy.consent.interfaces import track_event

    first, _sep, last = full_name.strip().partition(" ")
    user = request.user if isinstance(request.user, User) else None
    track_event(
        request=request,
        user=user,
        tenant=request.tenant,  # type: ignore[attr-defined]
        event="Lead",
        properties={"email": email, "first_name": first, "last_name": last.split(" ")[-1]},
    )


def contact_sent(request: HttpRequest) -> HttpResponse:
    if not request.session.get(CONTACT_SENT_SESSION_KEY):
        return redirect("dsr_contact")
    return render(request, "dsr/contact_sent.html")


@login_required
@require_http_methods(["GET", "POST"])
def my_requests(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = MyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request, action="dsr_request", key=user.email):
            messages.error(request, _("You have made several requests recently. Please wait."))
        else:
            dsr = request_create_for_user(
                user=user,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                language=_language(),
                path=request.path,
            )
            messages.success(
                request,
                _("Request %(ref)s received. We will answer by %(date)s and emailed you a copy.")
                % {"ref": dsr.reference, "date": date_format(dsr.due_on, "DATE_FORMAT")},
            )
            return redirect("dsr_my_requests")
    return render(
        request,
        "dsr/my_requests.html",
        {
            "form": form,
            "requests": list(requests_for_user(user=user)),
            "settings_section": "privacy",
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )

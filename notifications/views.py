"""Notification centre, Settings -> Email & notifications, newsletter confirmation and the
one-click unsubscribe (no login: the signed token is the authority)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Tenant, User
from notifications.forms import NewsletterForm, PreferencesForm
from notifications.selectors import (
    CONFIGURABLE_KINDS,
    email_address_bounces,
    marketing_subscription_for_user,
    notification_channels_for_user,
    notifications_for_user,
    notifications_unread_count,
)
from notifications.services import (
    marketing_confirm,
    marketing_request_or_withdraw,
    marketing_withdraw,
    notification_mark_read,
    notification_preference_set,
    notifications_mark_all_read,
    unsubscribe_token_read,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _tenant(request: HttpRequest) -> Tenant:
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404
    return tenant


def _centre_context(request: HttpRequest) -> dict[str, object]:
    user = _user(request)
    return {
        "notifications": notifications_for_user(user=user),
        "unread_count": notifications_unread_count(user=user),
    }


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    _tenant(request)
    template = "notifications/list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#panel"
    return render(request, template, _centre_context(request))


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    _tenant(request)
    row = notification_mark_read(user=_user(request), notification_id=notification_id)
    if row is None:
        raise Http404
    if row.url and url_has_allowed_host_and_scheme(row.url, allowed_hosts={request.get_host()}):
        return redirect(row.url)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    _tenant(request)
    cleared = notifications_mark_all_read(user=_user(request))
    if request.htmx:  # type: ignore[attr-defined]
        # The bell's badge sits outside the swapped panel: removed out of band.
        context = {**_centre_context(request), "badge_cleared": cleared > 0}
        return render(request, "notifications/list.html#panel", context)
    return redirect("notifications")


@login_required
@require_http_methods(["GET", "POST"])
def settings_notifications(request: HttpRequest) -> HttpResponse:
    tenant = _tenant(request)
    user = _user(request)
    channels = notification_channels_for_user(user=user)
    form = PreferencesForm(request.POST or None, initial_channels=channels)
    if request.method == "POST" and request.POST.get("form") == "newsletter":
        newsletter = NewsletterForm(request.POST)
        if newsletter.is_valid():
            result = marketing_request_or_withdraw(
                user=user, tenant=tenant, subscribe=newsletter.cleaned_data["subscribe"]
            )
            if result == "pending":
                messages.success(
                    request,
                    _("Almost done: we sent you an email. Click the link in it to confirm."),
                )
            elif result == "withdrawn":
                messages.success(request, _("You are unsubscribed from the newsletter."))
        return redirect("settings_notifications")
    if request.method == "POST" and form.is_valid():
        for kind in CONFIGURABLE_KINDS:
            notification_preference_set(
                user=user, kind=kind.value, channel=form.cleaned_data[kind.value]
            )
        messages.success(request, _("Notification settings saved."))
        return redirect("settings_notifications")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "subscription": marketing_subscription_for_user(user=user),
            "bounces": email_address_bounces(user=user),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link shows a button; the POST confirms (mail scanners that prefetch links
    must not be able to subscribe anyone)."""
    tenant = _tenant(request)
    if request.method == "POST":
        subscription = marketing_confirm(tenant=tenant, token=token)
        if subscription is None:
            return render(request, "notifications/confirm.html", {"invalid": True}, status=400)
        return render(request, "notifications/confirm.html", {"confirmed": True})
    return render(request, "notifications/confirm.html", {"token": token})


@csrf_exempt  # RFC 8058 one-click: mail clients POST without our cookie or CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    tenant = _tenant(request)
    ids = unsubscribe_token_read(token)
    if ids is None or ids[0] != tenant.pk:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user = User.objects.filter(pk=ids[1]).first()
    if request.method == "POST":
        if user is not None:
            marketing_withdraw(user=user, tenant=tenant, source="one_click_unsubscribe")
        return render(request, "notifications/unsubscribe.html", {"done": True})
    return render(
        request,
        "notifications/unsubscribe.html",
        {"token": token, "action": reverse("marketing_unsubscribe", args=[token])},
    )

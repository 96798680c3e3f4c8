"""Delivery-event webhooks of the providers we support (anymail's views, which check basic auth
and signatures). Included under /webhooks/email/ on platform hosts.

anymail accepts unauthenticated webhooks (with a warning) when no secret is configured; a forged
bounce would suppress someone's mail, so here an unconfigured webhook answers 403 instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.resend import ResendTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import path

app_name = "anymail"


def _authenticated_only(
    view: Callable[..., HttpResponse], *, signing_setting: str = ""
) -> Callable[..., HttpResponse]:
    @wraps(view)  # keeps anymail's csrf_exempt
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        config = getattr(settings, "ANYMAIL", {}) or {}
        if not (config.get("WEBHOOK_SECRET") or (signing_setting and config.get(signing_setting))):
            return HttpResponseForbidden("webhook authentication is not configured")
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    path(
        "brevo/tracking/",
        _authenticated_only(BrevoTrackingWebhookView.as_view()),
        name="brevo_tracking_webhook",
    ),
    path(
        "resend/tracking/",
        _authenticated_only(
            ResendTrackingWebhookView.as_view(), signing_setting="RESEND_SIGNING_SECRET"
        ),
        name="resend_tracking_webhook",
    ),
    path(
        "sendgrid/tracking/",
        _authenticated_only(SendGridTrackingWebhookView.as_view()),
        name="sendgrid_tracking_webhook",
    ),
]

"""Mails of the privacy engine (text + HTML), in the tenant's branding."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Tenant
from accounts.selectors import tenant_base_url
from privacy.models import DataExport


def _send(*, to: str, subject: str, template: str, context: dict[str, object]) -> None:
    text = render_to_string(f"privacy/email/{template}.txt", context)
    html = render_to_string(f"privacy/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def export_ready_send(*, export: DataExport) -> None:
    tenant = export.tenant
    url = tenant_base_url(tenant=tenant) + reverse("privacy:export_download", args=[export.pk])
    _send(
        to=export.user.email,
        subject=_("Your %(brand)s data export is ready") % {"brand": tenant.brand_name},
        template="export_ready",
        context={"tenant": tenant, "url": url, "expires_at": export.expires_at},
    )
    # The notification centre's copy (the email above is sent whatever the preferences: the
    # user asked for this export).
    from notifications.services import notification_send

    notification_send(
        user=export.user,
        tenant=tenant,
        kind="export_ready",
        title=gettext_lazy("Your data export is ready"),
        body=gettext_lazy("Download it from your Data & Privacy settings while the link is valid."),
        url=reverse("privacy:export_download", args=[export.pk]),
    )


def erasure_scheduled_send(*, email: str, tenant: Tenant, grace_until: datetime) -> None:
    url = tenant_base_url(tenant=tenant) + reverse("account_login")
    _send(
        to=email,
        subject=_("Your %(brand)s account will be deleted") % {"brand": tenant.brand_name},
        template="erasure_scheduled",
        context={"tenant": tenant, "grace_until": grace_until, "login_url": url},
    )

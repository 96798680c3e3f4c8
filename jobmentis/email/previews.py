"""Sample contexts for the staff preview page: every email template we send, rendered with
made-up data in a chosen tenant's branding and language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Tenant
from jobmentis.email.rendering import email_brand_context, tenant_urls


@dataclass(frozen=True)
class EmailPreview:
    key: str
    label: str
    html: str
    text: str
    context: dict[str, Any]


def _samples(tenant: Tenant) -> list[EmailPreview]:
    now = timezone.now()
    base = email_brand_context(tenant=tenant).get("brand_url", "")
    application = SimpleNamespace(
        title="Product designer", company="Initech", deadline=now.date() + timedelta(days=2)
    )
    from accounts.models import User

    return [
        EmailPreview(
            "email_verification",
            "Email address verification",
            "account/email/email_confirmation_message.html",
            "account/email/email_confirmation_message.txt",
            {
                "user": User(email="ada@example.com"),
                "activate_url": f"{base}/accounts/confirm-email/sample/",
                "current_site": SimpleNamespace(name=tenant.brand_name, domain=base),
            },
        ),
        EmailPreview(
            "password_reset",
            "Password reset",
            "account/email/password_reset_key_message.html",
            "account/email/password_reset_key_message.txt",
            {
                "password_reset_url": f"{base}/accounts/password/reset/key/sample/",
                "current_site": SimpleNamespace(name=tenant.brand_name, domain=base),
            },
        ),
        EmailPreview(
            "newsletter_confirm",
            "Newsletter: confirm subscription",
            "notifications/email/newsletter_confirm.html",
            "notifications/email/newsletter_confirm.txt",
            {"action_url": f"{base}/newsletter/confirm/sample/", "action_label": "Yes"},
        ),
        EmailPreview(
            "marketing",
            "Newsletter / product tips",
            "notifications/email/marketing.html",
            "notifications/email/marketing.txt",
            {
                "campaign": SimpleNamespace(
                    subject="Five ways to stand out", body="Tip one.\n\nTip two."
                ),
                "unsubscribe_url": f"{base}/u/sample/",
            },
        ),
        EmailPreview(
            "notification",
            "Notification (generic)",
            "notifications/email/notification.html",
            "notifications/email/notification.txt",
            {"title": "Your export is ready", "body": "Download it within 7 days."},
        ),
        EmailPreview(
            "export_ready",
            "Data export ready",
            "privacy/email/export_ready.html",
            "privacy/email/export_ready.txt",
            {"url": f"{base}/privacy/export/1/", "expires_at": now + timedelta(days=7)},
        ),
        EmailPreview(
            "erasure_scheduled",
            "Account deletion scheduled",
            "privacy/email/erasure_scheduled.html",
            "privacy/email/erasure_scheduled.txt",
            {"grace_until": now + timedelta(days=30), "login_url": f"{base}/accounts/login/"},
        ),
        EmailPreview(
            "dsr_acknowledgement",
            "GDPR request received",
            "dsr/email/acknowledgement_message.html",
            "dsr/email/acknowledgement_message.txt",
            {"full_name": "Ada Seeker", "site_url": base},
        ),
        EmailPreview(
            "reminder",
            "Job tracker reminder",
            "jobs/email/reminder.html",
            "jobs/email/reminder.txt",
            {
                "reminder": SimpleNamespace(kind="deadline"),
                "application": application,
                "interview": None,
                "detail_url": f"{base}/jobs/1/",
                "settings_url": f"{base}/settings/reminders/",
            },
        ),
        EmailPreview(
            "radar_digest",
            "Job Radar digest",
            "radar/email/digest.html",
            "radar/email/digest.txt",
            {
                "name": "Ada",
                "threshold": 70,
                "items": [
                    {
                        "score": 86,
                        "title": "Product designer",
                        "company": "Initech",
                        "location": "Milan",
                        "url": f"{base}/jobs/radar/listings/1/",
                    }
                ],
                "radar_url": f"{base}/jobs/radar/",
                "settings_url": f"{base}/jobs/radar/alerts/",
            },
        ),
    ]


def email_previews(*, tenant: Tenant) -> list[EmailPreview]:
    return _samples(tenant)


def email_preview_render(*, tenant: Tenant, key: str, language: str) -> tuple[str, str] | None:
    preview = next((p for p in _samples(tenant) if p.key == key), None)
    if preview is None:
        return None
    context = {**email_brand_context(tenant=tenant), "LANGUAGE_CODE": language, **preview.context}
    with translation.override(language), tenant_urls():
        return render_to_string(preview.html, context), render_to_string(preview.text, context)

"""The emails of a data-subject request and of the contact form: HTML + text, tenant-branded,
in the language the person wrote in.

Sent after the surrounding transaction commits (a rolled-back request sends nothing). They go
out synchronously through Django's mail API, like allauth's own code emails: the person is
waiting on the page for the code, and the acknowledgement must not depend on a worker being up.
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Tenant
from accounts.selectors import tenant_base_url


def tenant_from_email(tenant: Tenant) -> str:
    """The platform's sending address under the tenant's name ("Acme Careers <no-reply@…>")."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((tenant.brand_name, address))


def _send(
    *, tenant: Tenant, to: str, template: str, language: str, context: dict[str, Any]
) -> None:
    with translation.override(language):
        full_context = {
            "tenant": tenant,
            "brand_name": tenant.brand_name,
            "site_url": tenant_base_url(tenant=tenant),
            **context,
        }
        subject = " ".join(
            render_to_string(f"dsr/email/{template}_subject.txt", full_context).split()
        )
        text = render_to_string(f"dsr/email/{template}_message.txt", full_context)
        html = render_to_string(f"dsr/email/{template}_message.html", full_context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=tenant_from_email(tenant), to=[to]
    )
    message.attach_alternative(html, "text/html")
    message.send()
    if template in NOTIFIED_TEMPLATES:
        _notify_member(tenant=tenant, email=to, title=subject)


# Request notices that also land in the requester's notification centre when they are a member.
NOTIFIED_TEMPLATES = frozenset({"acknowledgement", "extension", "completion"})


def _notify_member(*, tenant: Tenant, email: str, title: str) -> None:
    from accounts.models import Membership
    from jobmentis.tenancy.context import tenant_context
    from notifications.services import notification_send

    with tenant_context(tenant.pk):
        membership = (
            Membership.objects.select_related("user").filter(user__email__iexact=email).first()
        )
    if membership is not None:
        notification_send(
            user=membership.user,
            tenant=tenant,
            kind="dsr_notice",
            title=title,
            url="/settings/privacy/",
        )


def email_on_commit(
    *, tenant: Tenant, to: str, template: str, language: str, context: dict[str, Any]
) -> None:
    transaction.on_commit(
        partial(_send, tenant=tenant, to=to, template=template, language=language, context=context)
    )

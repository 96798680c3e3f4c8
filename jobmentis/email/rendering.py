"""Branded, translated emails: one layout (templates/email/base.html + base.txt) with the
tenant's name, logo and colour, rendered in the recipient's language.

A template named "x/y" is three files: `x/y_subject.txt`, `x/y.txt` and `x/y.html` (the HTML
extends "email/base.html", the text "email/base.txt"). `email_send` renders and sends through
Django (so the outbox backend stores and delivers it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_urlconf, reverse, set_urlconf
from django.utils import translation

from accounts.branding import brand_palette
from accounts.models import Tenant

TENANT_URLCONF = "jobmentis.urls"


@contextmanager
def tenant_urls() -> Iterator[None]:
    """Emails link to tenant pages: render them with the tenant URLconf, even when sent from a
    platform-host request (support console) whose URLconf has none of those names."""
    previous = get_urlconf()
    set_urlconf(TENANT_URLCONF)
    try:
        yield
    finally:
        set_urlconf(previous)


def tenant_reverse(name: str, *, args: list[Any] | None = None) -> str:
    return reverse(name, args=args, urlconf=TENANT_URLCONF)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def email_brand_context(*, tenant: Tenant | None) -> dict[str, Any]:
    from accounts.selectors import tenant_base_url

    if tenant is None:
        return {
            "brand_name": "JobMentis",
            "brand_logo_url": "",
            "brand_palette": brand_palette(None),
            "brand_url": "",
        }
    base = tenant_base_url(tenant=tenant)
    logo_url = ""
    if tenant.logo:
        try:
            logo_url = base + reverse("tenant_logo", urlconf="jobmentis.urls")
        except NoReverseMatch:  # pragma: no cover - the tenant URLconf always has it
            logo_url = ""
    return {
        "brand_name": tenant.brand_name,
        "brand_logo_url": logo_url,
        "brand_palette": brand_palette(tenant.primary_colour),
        "brand_url": base,
        "tenant": tenant,
    }


def email_render(
    *, template: str, context: dict[str, Any], tenant: Tenant | None, language: str | None
) -> RenderedEmail:
    language = language or settings.LANGUAGE_CODE
    full = {**email_brand_context(tenant=tenant), "LANGUAGE_CODE": language, **context}
    with translation.override(language), tenant_urls():
        subject = render_to_string(f"{template}_subject.txt", full)
        text = render_to_string(f"{template}.txt", full)
        html = render_to_string(f"{template}.html", full)
    return RenderedEmail(subject=" ".join(subject.split()), text=text.strip() + "\n", html=html)


def email_send(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    tenant: Tenant | None,
    language: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    rendered = email_render(template=template, context=context, tenant=tenant, language=language)
    message = EmailMultiAlternatives(
        rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers
    )
    message.attach_alternative(rendered.html, "text/html")
    message.send()

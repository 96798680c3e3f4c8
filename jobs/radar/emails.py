"""The digest e-mail: HTML and plain text, in the user's language, with links to their tenant."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Tenant, User
from accounts.selectors import profile_for_user, tenant_base_url
from jobmentis.tenancy.context import require_tenant_id
from jobs.radar.models import ListingScore


def digest_email_build(
    *, user: User, matches: Sequence[ListingScore], threshold: int
) -> EmailMultiAlternatives:
    """The digest message, rendered (inside the tenant's context) but not sent."""
    tenant = Tenant.objects.get(pk=require_tenant_id())
    profile = profile_for_user(user=user)
    language = (profile.language if profile and profile.language else "") or settings.LANGUAGE_CODE
    base = tenant_base_url(tenant=tenant)
    items = [
        {
            "score": match.score,
            "title": match.listing.title,
            "company": match.listing.company,
            "location": match.listing.location,
            "url": base + reverse("jobs_radar_listing", kwargs={"listing_id": match.listing_id}),
        }
        for match in matches
    ]
    context = {
        "brand_name": tenant.brand_name,
        "name": (profile.full_name if profile else "") or "",
        "items": items,
        "threshold": threshold,
        "radar_url": f"{base}{reverse('jobs_radar')}",
        "settings_url": f"{base}{reverse('jobs_radar_alerts')}",
    }
    with translation.override(language):
        subject = render_to_string("radar/email/digest_subject.txt", context).strip()
        text = render_to_string("radar/email/digest.txt", context)
        html = render_to_string("radar/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    return message

"""Template tags for base.html and Data & Privacy: the cookie banner, the tracker scripts and
the settings panel. Each computes its own context, so pages need no view changes."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.models import User
from privacy.consent.device import device_id_from_request
from privacy.consent.forms import ConsentChoicesForm, RestrictionForm
from privacy.consent.selectors import (
    ai_processing_restricted,
    consent_history,
    consent_state,
)
from privacy.consent.tracking import page_consent_for, page_tracking

register = template.Library()


def _request_parts(context: template.Context) -> tuple[Any, Any, User | None]:
    request = context.get("request")
    tenant = getattr(request, "tenant", None) if request is not None else None
    user = getattr(request, "user", None)
    signed_in = user if isinstance(user, User) and user.is_authenticated else None
    return request, tenant, signed_in


@register.inclusion_tag("consent/banner.html", takes_context=True)
def consent_banner(context: template.Context) -> dict[str, Any]:
    request, tenant, _user = _request_parts(context)
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "policy_cookies":
        return {"show": False}  # the cookie page carries the full settings form itself
    facts = page_consent_for(request) if tenant is not None else None
    if facts is None or not facts.ask:
        return {"show": False}
    # Own ids: the page under the banner may carry the same form (Data & Privacy).
    form = ConsentChoicesForm(
        initial={**facts.choices(), "next": request.get_full_path()},
        auto_id="consent-banner-%s",
    )
    return {
        "show": True,
        "form": form,
        "request": request,
        "brand_name": tenant.brand_name,
        "csrf_token": context.get("csrf_token"),
        # Answered before, under an older cookie policy: say why we ask again.
        "renewed": bool(facts.answers),
    }


@register.inclusion_tag("consent/scripts.html", takes_context=True)
def consent_scripts(context: template.Context) -> dict[str, Any]:
    request, tenant, _user = _request_parts(context)
    if tenant is None:
        return {}
    tracking = page_tracking(request)
    # Tells TrackingMiddleware this response carries the scripts (CSP hosts, PageView).
    request._consent_scripts_rendered = True
    return {"tracking": tracking, "request": request}


@register.inclusion_tag("consent/settings_panel.html", takes_context=True)
def consent_settings_panel(context: template.Context) -> dict[str, Any]:
    request, tenant, user = _request_parts(context)
    if tenant is None or user is None:
        return {"show": False}
    state = consent_state(tenant=tenant, user=user, device_id=device_id_from_request(request))
    restricted = ai_processing_restricted(user=user, tenant=tenant)
    return {
        "show": True,
        "choices_form": ConsentChoicesForm(
            initial={
                "analytics": state.get("analytics", False),
                "marketing": state.get("marketing", False),
            }
        ),
        "restriction_form": RestrictionForm(initial={"ai_restricted": restricted}),
        "restricted": restricted,
        "state": state,
        "history": consent_history(tenant=tenant, user=user)[:20],
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }

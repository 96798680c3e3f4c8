"""Template context for the app shell: the signed-in user's profile, brand palette, active nav."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.branding import brand_palette
from accounts.selectors import profile_for_request

# url_name prefixes -> top-level nav section, so allauth's pages light up "Settings".
_SETTINGS_URL_PREFIXES = (
    "settings_",
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_",
    "usersessions_",
    "socialaccount_",
)
_SECTION_BY_URL_NAME = {
    "dashboard": "dashboard",
    "cvs": "cvs",
    "jobs": "jobs",
    "coach": "coach",
    "billing": "billing",
}


def _active_section(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    name = (match.url_name if match else "") or ""
    if name.startswith(_SETTINGS_URL_PREFIXES):
        return "settings"
    if name.startswith("cvs_"):  # resumes.urls: every CV page belongs to "CVs"
        return "cvs"
    if name.startswith("jobs_"):  # jobs.urls: every tracker page belongs to "Jobs"
        return "jobs"
    if name.startswith("coach_"):  # coaching.urls
        return "coach"

    if name.startswith("billing_"):  # billing.urls
        return "billing"
    return _SECTION_BY_URL_NAME.get(name, "")


def _settings_section(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    name = (match.url_name if match else "") or ""
    if name.startswith("settings_profile"):
        return "profile"
    if name.startswith("settings_privacy"):
        return "privacy"
    if name.startswith("settings_reminders"):
        return "reminders"
    if name.startswith("settings_notifications"):
        return "notifications"
    return "security"


def shell(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)

    def _profile() -> Any:
        # Only members on a tenant host have a profile; the lookup runs on first use only.
        if tenant is None or membership is None or user is None:
            return None
        return profile_for_request(request=request)

    return {
        "palette": brand_palette(tenant.primary_colour if tenant else None),
        "shell_profile": SimpleLazyObject(_profile),
        "active_section": _active_section(request),
        "settings_section": _settings_section(request),
    }

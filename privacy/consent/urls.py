"""Tenant-host URLs of consent (included at the root of jobmentis.urls)."""

from __future__ import annotations

from django.urls import path

from privacy.consent import views

# Settings names start with "settings_privacy" so the settings navigation marks Data & Privacy.
urlpatterns = [
    path("privacy/", views.privacy_policy, name="policy_privacy"),
    path("terms/", views.terms, name="policy_terms"),
    path("cookies/", views.cookie_policy, name="policy_cookies"),
    path("consent/", views.consent_save, name="consent_save"),
    path(
        "settings/privacy/consent/",
        views.settings_consent_save,
        name="settings_privacy_consent",
    ),
    path(
        "settings/privacy/restriction/",
        views.settings_restriction_save,
        name="settings_privacy_restriction",
    ),
]

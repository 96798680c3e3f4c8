"""URLs served on platform hosts (PLATFORM_HOSTS): no tenant in context here."""

from __future__ import annotations

from django.urls import include, path

from jobmentis.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

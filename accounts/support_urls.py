"""Support console URLs, included under /support/ on platform hosts (jobmentis.urls_platform)."""

from __future__ import annotations

from django.urls import include, path

from accounts import support_views

app_name = "support"

urlpatterns = [
    path("", support_views.support_home, name="home"),
    path("users/", support_views.support_user_search, name="user_lookup"),
    path("gdpr/", include("privacy.requests.support_urls")),
    path("email/", include("notifications.support_urls")),
]

from __future__ import annotations

from django.urls import include, path

from accounts import views
from jobs import views as jobs_views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("join/", views.join, name="join"),
    path("jobs/", include("jobs.urls")),
    path("billing/", include("billing.urls")),
    path("settings/", views.settings_index, name="settings"),
    path("settings/profile/", views.settings_profile, name="settings_profile"),
    path(
        "settings/profile/picture/",
        views.settings_profile_picture,
        name="settings_profile_picture",
    ),
    path(
        "settings/profile/picture/upload/",
        views.settings_profile_picture_upload,
        name="settings_profile_picture_upload",
    ),
    path(
        "settings/profile/picture/remove/",
        views.settings_profile_picture_remove,
        name="settings_profile_picture_remove",
    ),
    path("settings/security/", views.settings_security, name="settings_security"),
    path("settings/privacy/", views.settings_privacy, name="settings_privacy"),
    path("settings/reminders/", jobs_views.settings_reminders, name="settings_reminders"),
    path("branding/logo/", views.tenant_logo, name="tenant_logo"),
]

from __future__ import annotations

from django.urls import path

from privacy import views

app_name = "privacy"

# Names start with "settings_privacy" so the settings navigation marks Data & Privacy.
urlpatterns = [
    path("export/", views.export_create, name="settings_privacy_export"),
    path("exports/", views.export_list, name="settings_privacy_exports"),
    path(
        "exports/<int:export_id>/download/",
        views.export_download,
        name="export_download",
    ),
    path("delete/", views.delete_account, name="settings_privacy_delete"),
    path(
        "erasure/<uuid:token>/",
        views.erasure_status,
        name="settings_privacy_erasure_status",
    ),
    path("account-closing/", views.account_closing, name="account_closing"),
]

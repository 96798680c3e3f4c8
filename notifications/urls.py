from __future__ import annotations

from django.urls import path

from notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
    path(
        "notifications/<int:notification_id>/open/",
        views.notification_open,
        name="notification_open",
    ),
    path("settings/notifications/", views.settings_notifications, name="settings_notifications"),
    path("newsletter/confirm/<str:token>/", views.newsletter_confirm, name="marketing_confirm"),
    path("u/<str:token>/", views.unsubscribe, name="marketing_unsubscribe"),
]

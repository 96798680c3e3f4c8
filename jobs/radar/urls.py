from __future__ import annotations

from django.urls import path

from jobs.radar import views

# Names start with "jobs_" so the app shell lights up the Jobs section.
urlpatterns = [
    path("", views.radar_home, name="jobs_radar"),
    path("alerts/", views.radar_alerts, name="jobs_radar_alerts"),
    path("searches/new/", views.search_create, name="jobs_radar_search_new"),
    path("searches/<int:search_id>/", views.search_detail, name="jobs_radar_search"),
    path("searches/<int:search_id>/edit/", views.search_edit, name="jobs_radar_search_edit"),
    path("searches/<int:search_id>/delete/", views.search_delete, name="jobs_radar_search_delete"),
    path("searches/<int:search_id>/run/", views.search_run, name="jobs_radar_search_run"),
    path("searches/<int:search_id>/status/", views.search_status, name="jobs_radar_search_status"),
    path("listings/<int:listing_id>/", views.listing_detail, name="jobs_radar_listing"),
    path("listings/<int:listing_id>/save/", views.listing_save, name="jobs_radar_listing_save"),
]

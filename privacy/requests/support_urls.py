"""Included under /support/gdpr/ by accounts.support_urls (namespace "support")."""

from __future__ import annotations

from django.urls import path

from privacy.consent import support_views as consent_support_views
from privacy.requests import support_views

urlpatterns = [
    path("", support_views.queue, name="dsr_queue"),
    path("contact/", support_views.contact_messages, name="dsr_contact_messages"),
    path("<int:request_id>/", support_views.detail, name="dsr_detail"),
    path("<int:request_id>/assign/", support_views.assign, name="dsr_assign"),
    path("<int:request_id>/status/", support_views.change_status, name="dsr_status"),
    path("<int:request_id>/extend/", support_views.extend, name="dsr_extend"),
    path("<int:request_id>/notes/", support_views.add_note, name="dsr_note"),
    path("<int:request_id>/run/", support_views.run_action, name="dsr_run"),
    path(
        "users/<int:user_id>/consent/",
        consent_support_views.consent_history,
        name="consent_history",
    ),
]

"""Included under /support/email/ by accounts.support_urls (namespace "support")."""

from __future__ import annotations

from django.urls import path

from notifications import support_views

urlpatterns = [
    path("", support_views.outbox, name="email_outbox"),
    path("<int:message_id>/retry/", support_views.outbox_message_retry, name="email_retry"),
    path("suppression/lift/", support_views.suppression_lift, name="email_suppression_lift"),
    path("templates/", support_views.previews, name="email_previews"),
    path("templates/<slug:key>/", support_views.preview_render, name="email_preview_render"),
    path("marketing/", support_views.campaign_send, name="email_campaign"),
]

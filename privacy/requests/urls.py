"""Tenant-host URLs of the request queue's public side (included at the root of jobmentis.urls)."""

from __future__ import annotations

from django.urls import path

from privacy.requests import views

urlpatterns = [
    path("privacy/request/", views.public_request, name="dsr_public_request"),
    path("privacy/request/confirm/", views.public_confirm, name="dsr_public_confirm"),
    path("privacy/request/confirm/resend/", views.public_resend, name="dsr_public_resend"),
    path("privacy/request/received/", views.public_done, name="dsr_public_done"),
    path("contact/", views.contact, name="dsr_contact"),
    path("contact/sent/", views.contact_sent, name="dsr_contact_sent"),
    path("settings/privacy/requests/", views.my_requests, name="dsr_my_requests"),
]

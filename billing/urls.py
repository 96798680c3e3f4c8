from __future__ import annotations

from django.urls import path

from billing import views, webhooks

# Names start with "billing" so the app shell lights up the Billing section.
urlpatterns = [
    path("", views.billing_home, name="billing"),
    path("checkout/", views.billing_checkout, name="billing_checkout"),
    path("portal/", views.billing_portal, name="billing_portal"),
    path("usage/", views.billing_usage, name="billing_usage"),
    path("webhooks/stripe/", webhooks.stripe_webhook, name="billing_stripe_webhook"),
]

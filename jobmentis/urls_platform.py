"""URLs served on platform hosts (PLATFORM_HOSTS): no tenant in context here."""

from __future__ import annotations

from django.urls import include, path

from accounts.support_views import platform_home
from jobmentis.admin_sites import platform_admin_site
from jobmentis.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", platform_admin_site.urls),
    path("support/", include("accounts.support_urls")),
    # Providers' delivery-event webhooks (anymail; authenticated by anymail).
    path("webhooks/email/", include("jobmentis.email.urls")),
    # LOGIN_REDIRECT_URL is "dashboard": on a platform host that is the support console.
    path("", platform_home, name="dashboard"),
]

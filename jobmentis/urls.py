"""URLs served on tenant hosts. Platform hosts use jobmentis.urls_platform (set per request)."""

from __future__ import annotations

from django.urls import include, path

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", tenant_admin_site.urls),
    path("cvs/", include("resumes.urls")),
    path("coach/", include("coaching.urls")),
    path("jobs/radar/", include("jobs.radar.urls")),
    path("privacy/", include("privacy.urls")),
    path("", include("privacy.consent.urls")),
    path("", include("privacy.requests.urls")),
    path("", include("notifications.urls")),
    path("", include("accounts.urls")),
]

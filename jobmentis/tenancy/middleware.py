"""Wall 1: resolve the tenant from the host, then run the whole request inside its context."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobmentis.tenancy.context import no_tenant_context, tenant_context
from jobmentis.tenancy.selectors import hostname_of, tenant_for_hostname

# Paths served without a tenant: load-balancer health and static assets (whitenoise serves these
# before us in production; runserver in DEBUG reaches here).
TENANT_EXEMPT_PREFIXES = ("/health/", "/static/")


class TenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.tenant = None  # type: ignore[attr-defined]
        request.is_platform_host = False  # type: ignore[attr-defined]
        if request.path_info.startswith(TENANT_EXEMPT_PREFIXES):
            with no_tenant_context():
                return self.get_response(request)

        hostname = hostname_of(request.get_host())
        if hostname in settings.PLATFORM_HOSTS:
            request.is_platform_host = True  # type: ignore[attr-defined]
            # Platform hosts serve a different site (platform admin, support console).
            request.urlconf = "jobmentis.urls_platform"
            with no_tenant_context(), transaction.atomic():
                return self._respond(request)

        tenant = tenant_for_hostname(hostname)
        if tenant is None:
            with no_tenant_context():
                return render(
                    request, "tenancy/unknown_host.html", {"hostname": hostname}, status=404
                )
        request.tenant = tenant  # type: ignore[attr-defined]
        with tenant_context(tenant.pk):
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Inner layers turn exceptions into 500 responses; do not commit half a failed request.
        if response.status_code >= 500:
            transaction.set_rollback(True)
        return response

"""Per-response CSP for the trackers, and the Meta PageView server event.

The site-wide CSP (settings.CONTENT_SECURITY_POLICY) allows no third-party host. A page that
carries the PostHog or Meta script (decided by `tracking.page_tracking`: tenant switch on AND
consent given) gets exactly that tracker's hosts added, through django-csp's per-response
`_csp_update`; every other page keeps the strict policy. Sits just inside CSPMiddleware so its
response phase runs first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

META_SCRIPT_HOST = "https://connect.facebook.net"
META_HOSTS = ("https://www.facebook.com", "https://connect.facebook.net")


class TrackingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        tracking = getattr(request, "_consent_page_tracking", None)
        if tracking is None or not getattr(request, "_consent_scripts_rendered", False):
            return response
        update: dict[str, list[str]] = {}
        if tracking.posthog:
            hosts = list(dict.fromkeys(tracking.hosts))
            update["script-src"] = [*hosts]
            update["connect-src"] = [*hosts]
            update["img-src"] = [*hosts]
        if tracking.meta:
            update.setdefault("script-src", []).append(META_SCRIPT_HOST)
            update.setdefault("connect-src", []).extend(META_HOSTS)
            update.setdefault("img-src", []).append("https://www.facebook.com")
            update.setdefault("frame-src", []).append("https://www.facebook.com")
            self._pageview_queue(request, tracking.meta["event_id"], response)
        if update:
            response._csp_update = update  # type: ignore[attr-defined]
        return response

    def _pageview_queue(self, request: HttpRequest, event_id: str, response: HttpResponse) -> None:
        # The server copy of the pixel's PageView, same event id (Meta deduplicates). Only for
        # successful full-page GETs.
        if request.method != "GET" or response.status_code != 200:
            return
        from privacy.consent.tracking import track_event

        track_event(
            request=request,
            user=request.user,  # type: ignore[arg-type]
            tenant=request.tenant,  # type: ignore[attr-defined]
            event="PageView",
            event_id=event_id,
        )

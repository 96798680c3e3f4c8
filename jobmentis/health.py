"""GET /health/ for load balancers: database, Redis, Celery worker and beat, as JSON.

200 when the web tier can serve (database and Redis up); 503 otherwise. Worker and beat are
reported but do not fail the check: a load balancer should not pull web nodes when the queue
is down.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobmentis.celery import app as celery_app
from jobmentis.tenancy.tasks import HEARTBEAT_CACHE_KEY


def _check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the message is reported
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}


def _check_redis() -> dict[str, Any]:
    try:
        cache.set("health:ping", "1", timeout=10)
        ok = cache.get("health:ping") == "1"
    except Exception as exc:  # redis-py raises several unrelated types for one outage
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok" if ok else "down"}


def _check_worker() -> dict[str, Any]:
    try:
        replies = celery_app.control.ping(timeout=settings.HEALTH_WORKER_TIMEOUT)
    except Exception as exc:  # broker unreachable
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok" if replies else "down", "workers": len(replies or [])}


def _check_beat() -> dict[str, Any]:
    try:
        last = cache.get(HEARTBEAT_CACHE_KEY)
    except Exception as exc:
        return {"status": "unknown", "error": type(exc).__name__}
    if last is None:
        return {"status": "unknown"}
    age = time.time() - float(last)
    return {"status": "ok" if age < 180 else "stale", "last_heartbeat_seconds_ago": round(age)}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _check_database(),
        "redis": _check_redis(),
        "worker": _check_worker(),
        "beat": _check_beat(),
    }
    serving = checks["database"]["status"] == "ok" and checks["redis"]["status"] == "ok"
    degraded = checks["worker"]["status"] != "ok"
    status = "ok" if serving and not degraded else ("degraded" if serving else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if serving else 503)

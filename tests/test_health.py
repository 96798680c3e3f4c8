from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_health_reports_database_redis_and_worker_as_json() -> None:
    response = Client(HTTP_HOST="localhost").get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == "ok"
    # No worker consumes the test broker here: reported, but the web tier still serves.
    assert body["checks"]["worker"]["status"] in {"ok", "down"}
    assert body["status"] in {"ok", "degraded"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_on_unknown_hosts_for_load_balancers() -> None:
    response = Client(HTTP_HOST="10.0.0.7.localhost").get("/health/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_health_is_503_when_redis_is_down(settings: object) -> None:
    from django.core.cache import caches

    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    try:
        response = Client(HTTP_HOST="localhost").get("/health/")
    finally:
        caches["default"].close()
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["redis"]["status"] == "down"
    assert body["status"] == "down"

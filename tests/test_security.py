from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import Tenant, User
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "jobmentis.settings.production",
    "DJANGO_SECRET_KEY": "x7#Qz!pL0" * 8,
    "DATABASE_APP_PASSWORD": "app-secret",
    "DATABASE_OWNER_PASSWORD": "owner-secret",
    "DATABASE_MAINTENANCE_PASSWORD": "maint-secret",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
    "TENANT_BASE_DOMAIN": "jobmentis.example",
    "PRIVACY_SUBJECT_KEY": "k3y-outside-the-db" * 3,
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_check_deploy_reports_no_warnings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DATABASE_APP_PASSWORD",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "PRIVACY_SUBJECT_KEY",
    ],
)
def test_production_refuses_to_start_without_a_secret(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_pages_send_security_headers_and_csp_nonce(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).get("/dashboard/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "'nonce-" in csp
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_host_only_and_httponly(tenant_a: Tenant, seeker_a: User) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="acme.localhost")
    client.post(
        "/accounts/login/", {"login": "seeker@acme.test", "password": "correct-horse-battery-9"}
    )
    cookie = client.cookies["sessionid"]
    assert cookie["domain"] == ""  # host-only: never shared with other tenants' subdomains
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"

"""allauth's rate limits count in Redis (the default cache), so every web process shares them."""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from accounts.models import Tenant, User
from tests.conftest import TEST_PASSWORD, host_of

TOO_MANY = b"Too many failed login attempts"


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])


def _rate_limit_keys(action: str) -> list[bytes]:
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    return sorted(_redis().scan_iter(match=f"{prefix}:*allauth:rl:*:{action}:*"))


def _fail_logins(client: Client, email: str, times: int) -> None:
    for _ in range(times):
        response = client.post("/accounts/login/", {"login": email, "password": "wrong-password-1"})
        assert response.status_code == 200


def test_sixth_failed_login_is_refused_even_with_the_right_password(
    seeker_a: User, tenant_a: Tenant
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    _fail_logins(client, seeker_a.email, 5)

    response = client.post("/accounts/login/", {"login": seeker_a.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert TOO_MANY in response.content
    assert "_auth_user_id" not in client.session


def test_failed_login_counter_lives_in_redis(seeker_a: User, tenant_a: Tenant) -> None:
    assert isinstance(caches["default"], RedisCache)
    assert _rate_limit_keys("login_failed") == []

    _fail_logins(Client(HTTP_HOST=host_of(tenant_a)), seeker_a.email, 2)

    keys = _rate_limit_keys("login_failed")
    # One counter per client IP and one per login (the email, hashed).
    assert len(keys) == 2
    assert all(seeker_a.email.encode() not in key for key in keys)

    # Deleting the Redis keys lifts the limit: nothing is kept in process memory.
    _fail_logins(Client(HTTP_HOST=host_of(tenant_a)), seeker_a.email, 4)
    _redis().delete(*_rate_limit_keys("login_failed"))
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.post("/accounts/login/", {"login": seeker_a.email, "password": TEST_PASSWORD})
    assert client.session["_auth_user_id"] == str(seeker_a.pk)


def test_login_limit_follows_the_user_to_another_tenant_host(
    seeker_a: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    _fail_logins(Client(HTTP_HOST=host_of(tenant_a), REMOTE_ADDR="10.0.0.1"), seeker_a.email, 6)

    # Users are global, so the per-login counter is too: another host and IP does not reset it.
    client = Client(HTTP_HOST=host_of(tenant_b), REMOTE_ADDR="10.0.0.2")
    response = client.post("/accounts/login/", {"login": seeker_a.email, "password": TEST_PASSWORD})
    assert TOO_MANY in response.content


def test_login_limit_does_not_lock_out_other_users(
    seeker_a: User, admin_a: User, tenant_a: Tenant
) -> None:
    _fail_logins(Client(HTTP_HOST=host_of(tenant_a), REMOTE_ADDR="10.0.0.1"), seeker_a.email, 6)

    client = Client(HTTP_HOST=host_of(tenant_a), REMOTE_ADDR="10.0.0.2")
    client.post("/accounts/login/", {"login": admin_a.email, "password": TEST_PASSWORD})
    assert client.session["_auth_user_id"] == str(admin_a.pk)


def test_password_reset_requests_for_one_address_are_limited(
    seeker_a: User, tenant_a: Tenant
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a))
    statuses = [
        client.post("/accounts/password/reset/", {"email": seeker_a.email}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert _rate_limit_keys("reset_password")


def test_forged_forwarded_for_header_does_not_escape_the_ip_limit(
    seeker_a: User, admin_a: User, tenant_a: Tenant
) -> None:
    # No trusted proxy (the default): X-Forwarded-For is the client's word and is ignored.
    for number in range(5):
        client = Client(HTTP_HOST=host_of(tenant_a), HTTP_X_FORWARDED_FOR=f"10.9.9.{number}")
        client.post("/accounts/login/", {"login": seeker_a.email, "password": "wrong-password-1"})

    client = Client(HTTP_HOST=host_of(tenant_a), HTTP_X_FORWARDED_FOR="10.9.9.99")
    response = client.post("/accounts/login/", {"login": admin_a.email, "password": TEST_PASSWORD})
    assert TOO_MANY in response.content


def test_behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_for(
    seeker_a: User, admin_a: User, tenant_a: Tenant, settings: Any
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Every request arrives from the proxy's address; the client IP is the last XFF hop.
    attacker = Client(HTTP_HOST=host_of(tenant_a), HTTP_X_FORWARDED_FOR="203.0.113.7")
    _fail_logins(attacker, seeker_a.email, 6)

    client = Client(HTTP_HOST=host_of(tenant_a), HTTP_X_FORWARDED_FOR="198.51.100.4")
    client.post("/accounts/login/", {"login": admin_a.email, "password": TEST_PASSWORD})
    assert client.session["_auth_user_id"] == str(admin_a.pk)
    response = attacker.post(
        "/accounts/login/", {"login": admin_a.email, "password": TEST_PASSWORD}
    )
    assert TOO_MANY in response.content

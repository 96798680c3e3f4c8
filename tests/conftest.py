"""Test infrastructure: a real PostgreSQL database created by the owner role and queried as the
app role (so Row-Level Security is exercised), real Redis, and tenant fixtures.

The default connection in jobmentis.settings.test *is* the non-owner app role; nothing in the
suite connects as a superuser except the provisioning below.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client

from accounts.models import Membership, Tenant, User
from accounts.services import tenant_create, user_create_in_tenant
from jobmentis.tenancy.management.commands.db_provision import (
    role_names_from_settings,
    superuser_dsn,
)
from jobmentis.tenancy.provisioning import (
    RolePasswords,
    drop_database,
    provision_database,
    provision_roles,
)

TEST_PASSWORD = "correct-horse-battery-9"


def _drop_stale_test_databases(dsn: str) -> None:
    """Test databases are per run (jobmentis_test_p<pid>...); drop those whose run has died."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname ~ '^jobmentis_test_p[0-9]+'"
            )
        ]
    for name in names:
        pid = int(re.match(r"jobmentis_test_p(\d+)", name).group(1))  # type: ignore[union-attr]
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            drop_database(dsn, name)
        except PermissionError:
            continue


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker: Any) -> Iterator[None]:
    name = str(settings.DATABASES["default"]["NAME"])
    roles = role_names_from_settings()
    dsn = superuser_dsn()
    provision_roles(dsn, roles, RolePasswords())
    _drop_stale_test_databases(dsn)
    drop_database(dsn, name)
    provision_database(dsn, name, roles, allow_truncate=True)
    with django_db_blocker.unblock():
        call_command("migrate", database="owner", verbosity=0, interactive=False)
        for conn in connections.all():
            conn.close()
    yield
    with django_db_blocker.unblock():
        for conn in connections.all():
            conn.close()
    drop_database(dsn, name)


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate limits and cached lookups live in (the test) Redis: start every test clean.

    Only this run's keys are removed (its KEY_PREFIX); other runs share the Redis database.
    """
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()
    yield


@pytest.fixture
def tenant_a(db: None) -> Tenant:
    return tenant_create(name="Acme Careers", slug="acme", primary_colour="#2f5bea")


@pytest.fixture
def tenant_b(db: None) -> Tenant:
    return tenant_create(
        name="Globex Coaching", slug="globex", primary_colour="#0f7b6c", allow_self_signup=False
    )


def host_of(tenant: Tenant) -> str:
    return f"{tenant.slug}.{settings.TENANT_BASE_DOMAIN}"


@pytest.fixture
def seeker_a(tenant_a: Tenant) -> User:
    return user_create_in_tenant(
        tenant=tenant_a, email="seeker@acme.test", password=TEST_PASSWORD, full_name="Ada Seeker"
    )


@pytest.fixture
def admin_a(tenant_a: Tenant) -> User:
    return user_create_in_tenant(
        tenant=tenant_a,
        email="admin@acme.test",
        password=TEST_PASSWORD,
        role=Membership.Role.ADMIN,
        full_name="Alan Admin",
    )


@pytest.fixture
def seeker_b(tenant_b: Tenant) -> User:
    return user_create_in_tenant(
        tenant=tenant_b, email="seeker@globex.test", password=TEST_PASSWORD, full_name="Bea Seeker"
    )


@pytest.fixture
def admin_b(tenant_b: Tenant) -> User:
    return user_create_in_tenant(
        tenant=tenant_b,
        email="admin@globex.test",
        password=TEST_PASSWORD,
        role=Membership.Role.ADMIN,
        full_name="Bob Admin",
    )


def client_for(tenant: Tenant, user: User | None = None) -> Client:
    """A test client on the tenant's host, optionally signed in (session bound to that tenant)."""
    client = Client(HTTP_HOST=host_of(tenant))
    if user is not None:
        client.force_login(user)
        session = client.session
        session["jm_tenant_id"] = tenant.pk
        session.save()
    return client

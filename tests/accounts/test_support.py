"""The support console: cross-tenant reads through the maintenance connection, every look-up of
a person audited in each tenant it touched.

These tests commit (transaction=True): the maintenance connection is a separate session and
only sees committed rows, exactly as in production.
"""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import AuditLog, Tenant, User
from accounts.services import user_create_in_tenant
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])


def platform_client(user: User | None = None) -> Client:
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def support_user() -> User:
    return User.objects.create_user(email="help@jobmentis.test", is_support=True)


def _audit_rows() -> list[tuple[int, int | None, str, str, str, str]]:
    return list(
        AuditLog.cross_tenant.using("maintenance")
        .order_by("tenant_id")
        .values_list("tenant_id", "actor_id", "actor_role", "action", "object_type", "object_id")
    )


def test_console_lists_tenants_with_member_counts(
    support_user: User,
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    admin_a: User,
    seeker_b: User,
) -> None:
    response = platform_client(support_user).get("/support/")
    assert response.status_code == 200
    tenants = {row.tenant.slug: row for row in response.context["tenants"]}
    assert (tenants["acme"].member_count, tenants["acme"].admin_count) == (2, 1)
    assert (tenants["globex"].member_count, tenants["globex"].admin_count) == (1, 0)
    assert tenants["acme"].admin_url.startswith("http://acme.localhost")
    assert tenants["acme"].admin_url.endswith("/admin/")
    assert b"Globex Coaching" in response.content
    # Counting members is not looking at anyone: nothing is audited.
    assert _audit_rows() == []


def test_user_lookup_shows_tenants_and_is_audited_in_each(
    support_user: User, tenant_a: Tenant, tenant_b: Tenant, seeker_a: User
) -> None:
    user_create_in_tenant(tenant=tenant_b, email="seeker@acme.test", password=TEST_PASSWORD)
    response = platform_client(support_user).get("/support/users/", {"email": "SEEKER@acme.test"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.user == seeker_a
    assert [m.tenant.slug for m in result.memberships] == ["acme", "globex"]
    assert result.memberships[0].admin_url.endswith(f"/admin/accounts/user/{seeker_a.pk}/change/")
    assert _audit_rows() == [
        (tenant_a.pk, support_user.pk, "support", "view", "accounts.user", str(seeker_a.pk)),
        (tenant_b.pk, support_user.pk, "support", "view", "accounts.user", str(seeker_a.pk)),
    ]


def test_lookup_of_unknown_email_touches_no_tenant(support_user: User, tenant_a: Tenant) -> None:
    response = platform_client(support_user).get("/support/users/", {"email": "nobody@x.test"})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert b"No user with that email address." in response.content
    assert _audit_rows() == []


def test_superuser_lookup_is_audited_as_superuser(tenant_a: Tenant, seeker_a: User) -> None:
    root = User.objects.create_superuser(email="root@jobmentis.test")
    platform_client(root).get("/support/users/", {"email": "seeker@acme.test"})
    assert [row[2] for row in _audit_rows()] == ["superuser"]


@pytest.mark.parametrize("path", ["/support/", "/support/users/?email=seeker@acme.test"])
def test_console_refuses_tenant_admins_and_seekers(
    path: str, admin_a: User, seeker_a: User
) -> None:
    assert platform_client(admin_a).get(path).status_code == 403
    assert platform_client(seeker_a).get(path).status_code == 403
    assert _audit_rows() == []


def test_console_sends_anonymous_to_login(db: None) -> None:
    response = platform_client().get("/support/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/support/"


def test_console_does_not_exist_on_tenant_hosts(tenant_a: Tenant) -> None:
    staff_member = user_create_in_tenant(
        tenant=tenant_a, email="staff@acme.test", password=TEST_PASSWORD
    )
    User.objects.filter(pk=staff_member.pk).update(is_support=True)
    client = Client(HTTP_HOST="acme.localhost")
    client.force_login(staff_member)
    assert client.get("/support/").status_code == 404

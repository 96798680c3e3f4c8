from __future__ import annotations

import pytest

from accounts.models import Membership, Tenant, User
from jobmentis.tenancy.context import TenantContextMissing, tenant_context
from tests.conftest import client_for


def test_membership_query_without_tenant_fails_closed(seeker_a: User) -> None:
    with pytest.raises(TenantContextMissing):
        list(Membership.objects.all())


def test_tenant_context_scopes_memberships(
    seeker_a: User, seeker_b: User, tenant_a: Tenant
) -> None:
    with tenant_context(tenant_a.pk):
        assert [m.user_id for m in Membership.objects.all()] == [seeker_a.pk]


def test_dashboard_renders_for_member(seeker_a: User, tenant_a: Tenant) -> None:
    response = client_for(tenant_a, seeker_a).get("/dashboard/")
    assert response.status_code == 200
    assert b"seeker@acme.test" in response.content

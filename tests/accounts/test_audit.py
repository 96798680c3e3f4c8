"""The audit service: field names only, stamped with the right tenant, written once per access."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.cache import SessionStore

from accounts.audit import (
    ActorRole,
    audit_entries_recent,
    audit_record,
    audit_support_access_once,
)
from accounts.models import AuditLog, Tenant, User
from jobmentis.tenancy.context import TenantContextMissing, tenant_context


def test_record_is_stamped_with_tenant_in_context(
    tenant_a: Tenant, tenant_b: Tenant, admin_a: User
) -> None:
    with tenant_context(tenant_a.pk):
        entry = audit_record(
            actor=admin_a,
            actor_role=ActorRole.TENANT_ADMIN,
            action=AuditLog.Action.CHANGE,
            object_type="accounts.profile",
            object_id=7,
            changed_fields=["location", "full_name", "location"],
            path="/admin/accounts/profile/7/change/",
        )
    assert entry.tenant_id == tenant_a.pk
    assert entry.object_id == "7"
    # De-duplicated and sorted names, never values.
    assert entry.changed_fields == ["full_name", "location"]
    with tenant_context(tenant_b.pk):
        assert not AuditLog.objects.exists()


def test_record_without_tenant_fails_closed(db: None) -> None:
    with pytest.raises(TenantContextMissing):
        audit_record(actor=None, actor_role="", action=AuditLog.Action.VIEW, object_type="x")


def test_record_refuses_another_tenants_id_on_the_app_role(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    """Only the maintenance connection may write into another tenant's log (RLS WITH CHECK)."""
    from django.db import DatabaseError, transaction

    with tenant_context(tenant_a.pk), pytest.raises(DatabaseError), transaction.atomic():
        audit_record(
            actor=None,
            actor_role="",
            action=AuditLog.Action.VIEW,
            object_type="accounts.user",
            tenant_id=tenant_b.pk,
        )


def test_support_access_is_recorded_once_per_session_and_tenant(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    support = User.objects.create_user(email="help@jobmentis.test", is_support=True)
    session = SessionStore()
    for _ in range(3):
        with tenant_context(tenant_a.pk):
            audit_support_access_once(
                session=session, actor=support, actor_role="support", tenant=tenant_a, path="/a/"
            )
    with tenant_context(tenant_b.pk):
        recorded = audit_support_access_once(
            session=session, actor=support, actor_role="support", tenant=tenant_b, path="/a/"
        )
    assert recorded is True
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant.pk):
            assert list(AuditLog.objects.values_list("action", "object_id")) == [
                ("support_access", str(tenant.pk))
            ]
    with tenant_context(tenant_a.pk):
        # A new session (a new sign-in) is a new access.
        assert audit_support_access_once(
            session=SessionStore(), actor=support, actor_role="support", tenant=tenant_a, path=""
        )


def test_recent_entries_are_this_tenants_newest_first(
    tenant_a: Tenant, tenant_b: Tenant, admin_a: User
) -> None:
    for tenant, object_id in ((tenant_a, "1"), (tenant_a, "2"), (tenant_b, "3")):
        with tenant_context(tenant.pk):
            audit_record(
                actor=admin_a,
                actor_role="tenant_admin",
                action=AuditLog.Action.VIEW,
                object_type="accounts.user",
                object_id=object_id,
            )
    with tenant_context(tenant_a.pk):
        assert [e.object_id for e in audit_entries_recent(limit=5)] == ["2", "1"]

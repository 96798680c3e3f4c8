"""The support console's cross-tenant reads, and the audit entries they leave behind.

Support staff work across tenants, which the app role cannot do (RLS). These functions are the
audited escape hatch: they read tenant-owned rows through `cross_tenant` on the `maintenance`
connection (BYPASSRLS), and every lookup of a person is recorded in the audit log of each tenant
whose data it touched. Nothing else in the web process may use that connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q

from accounts.audit import MAINTENANCE_DB, audit_record
from accounts.models import AuditLog, Membership, Tenant, User


def _tenant_url(tenant: Tenant, path: str = "/") -> str:
    """Like accounts.selectors.tenant_base_url, from prefetched domains (no query per tenant)."""
    domains = list(tenant.domains.all())
    primary = next((d.domain for d in domains if d.is_primary), None)
    host = primary or f"{tenant.slug}.{settings.TENANT_BASE_DOMAIN}"
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{host}{port}{path}"


@dataclass(frozen=True)
class TenantSummary:
    tenant: Tenant
    member_count: int
    admin_count: int
    admin_url: str


def support_tenant_summaries() -> list[TenantSummary]:
    """Every tenant with its member counts (aggregates only: no person is looked at)."""
    counts = {
        row["tenant_id"]: row
        for row in Membership.cross_tenant.using(MAINTENANCE_DB)
        .values("tenant_id")
        .annotate(members=Count("id"), admins=Count("id", filter=Q(role=Membership.Role.ADMIN)))
        .order_by()
    }
    return [
        TenantSummary(
            tenant=tenant,
            member_count=counts.get(tenant.pk, {}).get("members", 0),
            admin_count=counts.get(tenant.pk, {}).get("admins", 0),
            admin_url=_tenant_url(tenant, "/admin/"),
        )
        for tenant in Tenant.objects.prefetch_related("domains").order_by("name")
    ]


@dataclass(frozen=True)
class UserTenantMembership:
    tenant: Tenant
    role_label: str
    joined: datetime
    admin_url: str


@dataclass(frozen=True)
class SupportUserLookup:
    user: User
    memberships: list[UserTenantMembership]


def support_user_lookup(
    *, actor: User, actor_role: str, email: str, path: str
) -> SupportUserLookup | None:
    """Find a user by email and the tenants they belong to; audit it in each of those tenants.

    The query (an email address) is not stored: the entry names the user by id.
    """
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        return None
    memberships = list(
        Membership.cross_tenant.using(MAINTENANCE_DB)
        .filter(user_id=user.pk)
        .select_related("tenant")
        .prefetch_related("tenant__domains")
        .order_by("tenant__name")
    )
    for membership in memberships:
        audit_record(
            actor=actor,
            actor_role=actor_role,
            action=AuditLog.Action.VIEW,
            object_type=User._meta.label_lower,
            object_id=user.pk,
            path=path,
            tenant_id=membership.tenant_id,
            using=MAINTENANCE_DB,
        )
    return SupportUserLookup(
        user=user,
        memberships=[
            UserTenantMembership(
                tenant=m.tenant,
                role_label=str(m.get_role_display()),
                joined=m.created_at,
                admin_url=_tenant_url(m.tenant, f"/admin/accounts/user/{user.pk}/change/"),
            )
            for m in memberships
        ],
    )

"""Reads for accounts. Tenant-owned lookups run in the current tenant context (wall 2)."""

from __future__ import annotations

from django.conf import settings

from accounts.models import Membership, Profile, Tenant, TenantDomain, User


def membership_for_user(*, user: User) -> Membership | None:
    """The user's membership in the current tenant, or None."""
    return Membership.objects.filter(user=user).first()


def profile_for_user(*, user: User) -> Profile | None:
    return Profile.objects.filter(user=user).first()


def tenant_primary_domain(*, tenant: Tenant) -> str:
    domain = TenantDomain.objects.filter(tenant=tenant, is_primary=True).first()
    return domain.domain if domain else f"{tenant.slug}.{settings.TENANT_BASE_DOMAIN}"


def tenant_base_url(*, tenant: Tenant) -> str:
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{tenant_primary_domain(tenant=tenant)}{port}"


def user_is_tenant_admin(*, user: User) -> bool:
    return Membership.objects.filter(user=user, role=Membership.Role.ADMIN).exists()

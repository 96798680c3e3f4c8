"""Writes for accounts: tenants, memberships, profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from accounts.models import Membership, Profile, Tenant, TenantDomain, User
from jobmentis.tenancy.context import require_tenant_id, tenant_context


@transaction.atomic
def tenant_create(
    *,
    name: str,
    slug: str,
    primary_colour: str = "#2f5bea",
    allow_self_signup: bool = True,
    extra_domains: tuple[str, ...] = (),
) -> Tenant:
    """Create a tenant served on `<slug>.<TENANT_BASE_DOMAIN>` (primary) and any extra domains."""
    tenant = Tenant(
        name=name, slug=slug, primary_colour=primary_colour, allow_self_signup=allow_self_signup
    )
    tenant.full_clean()
    tenant.save()
    TenantDomain.objects.create(
        tenant=tenant, domain=f"{slug}.{settings.TENANT_BASE_DOMAIN}", is_primary=True
    )
    for domain in extra_domains:
        TenantDomain.objects.create(tenant=tenant, domain=domain)
    return tenant


def membership_join(*, user: User, role: str = Membership.Role.MEMBER) -> Membership:
    """Join the current tenant (idempotent) and give the user an empty profile there."""
    require_tenant_id()
    membership, _created = Membership.objects.get_or_create(user=user, defaults={"role": role})
    if membership.role != role and role == Membership.Role.ADMIN:
        membership.role = role
        membership.save(update_fields=["role"])
    Profile.objects.get_or_create(user=user)
    return membership


def user_create_in_tenant(
    *,
    tenant: Tenant,
    email: str,
    password: str,
    role: str = Membership.Role.MEMBER,
    full_name: str = "",
    verified: bool = True,
) -> User:
    """Create (or reuse) a global user and make them a member of `tenant`. Used by seeding and
    by admins inviting users; marks the email verified when the caller vouches for it."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password)
    if verified:
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    with tenant_context(tenant.pk):
        membership_join(user=user, role=role)
        if full_name:
            Profile.objects.filter(user=user).update(full_name=full_name)
    return user

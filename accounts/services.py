"""Writes for accounts: tenants, memberships, profiles."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction

from accounts.images import ProcessedPicture
from accounts.models import Membership, Profile, Tenant, TenantDomain, User
from billing import services as billing_services
from jobmentis.tenancy.context import require_tenant_id, tenant_context
from privacy.consent import interfaces as consent_interfaces


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
    billing_services.plan_ensure_default(tenant=tenant)
    consent_interfaces.policy_defaults_ensure(tenant=tenant)
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


def _profile_for_update(*, user: User) -> Profile:
    # Runs in the current tenant's context: the profile written is always *this* tenant's.
    require_tenant_id()
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(
    *,
    user: User,
    full_name: str,
    headline: str,
    target_roles: str,
    location: str,
    timezone: str,
    language: str,
) -> Profile:
    """Save what the user tells the current tenant about themselves."""
    profile = _profile_for_update(user=user)
    profile.full_name = full_name.strip()
    profile.headline = headline.strip()
    # Normalise "a,  b ,,c" to "a, b, c" so the list reads the same everywhere.
    profile.target_roles = ", ".join(r.strip() for r in target_roles.split(",") if r.strip())
    profile.location = location.strip()
    profile.timezone = timezone
    profile.language = language
    profile.full_clean()
    profile.save(
        update_fields=[
            "full_name",
            "headline",
            "target_roles",
            "location",
            "timezone",
            "language",
            "updated_at",
        ]
    )
    return profile


def _delete_file_on_commit(name: str) -> None:
    from django.core.files.storage import default_storage

    # After commit only: a rolled-back request must not lose the picture it still points at.
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def profile_picture_set(*, user: User, picture: ProcessedPicture) -> Profile:
    """Store an already validated and re-encoded picture, replacing (and deleting) the old one.

    The file name is random, so a picture URL can never be guessed from the user or the time.
    """
    from django.core.files.base import ContentFile

    profile = _profile_for_update(user=user)
    previous = (profile.picture.name or "") if profile.picture else ""
    profile.picture.save(
        f"{secrets.token_urlsafe(16)}.{picture.extension}", ContentFile(picture.content), save=False
    )
    profile.save(update_fields=["picture", "updated_at"])
    _delete_file_on_commit(previous)
    return profile


@transaction.atomic
def profile_picture_remove(*, user: User) -> Profile:
    profile = _profile_for_update(user=user)
    previous = (profile.picture.name or "") if profile.picture else ""
    if previous:
        profile.picture = ""
        profile.save(update_fields=["picture", "updated_at"])
        _delete_file_on_commit(previous)
    return profile

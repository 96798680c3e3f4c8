"""Reads for accounts. Tenant-owned lookups run in the current tenant context (wall 2)."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

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


def plan_tier_for_user(*, user: User) -> str:
    """The name of the user's plan on the current tenant, for display (billing decides)."""
    from billing.selectors import plan_for_user

    return plan_for_user(user=user).name


@dataclass(frozen=True)
class ProfileStep:
    key: str
    label: str
    done: bool
    action: str  # what to do when it is missing, e.g. "Add a headline"


@dataclass(frozen=True)
class ProfileCompleteness:
    steps: list[ProfileStep]

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.steps)) if self.steps else 100

    @property
    def missing(self) -> list[ProfileStep]:
        return [step for step in self.steps if not step.done]


def profile_completeness(*, profile: Profile | None) -> ProfileCompleteness:
    """Which profile fields are filled in; pure (no queries)."""

    def filled(value: object) -> bool:
        return bool(profile is not None and value)

    return ProfileCompleteness(
        steps=[
            ProfileStep(
                "full_name",
                _("Full name"),
                filled(profile and profile.full_name),
                _("Add your full name"),
            ),
            ProfileStep(
                "headline", _("Headline"), filled(profile and profile.headline), _("Add a headline")
            ),
            ProfileStep(
                "target_roles",
                _("Target roles"),
                filled(profile and profile.target_roles),
                _("Add the roles you are targeting"),
            ),
            ProfileStep(
                "location",
                _("Location"),
                filled(profile and profile.location),
                _("Add your location"),
            ),
            ProfileStep(
                "picture", _("Picture"), filled(profile and profile.picture), _("Upload a picture")
            ),
        ]
    )


@dataclass(frozen=True)
class SecurityOverview:
    email_addresses: list[EmailAddress]
    has_password: bool
    totp_active: bool
    recovery_codes_unused: int | None
    session_count: int

    @property
    def mfa_enabled(self) -> bool:
        return self.totp_active

    @property
    def unverified_emails(self) -> int:
        return sum(1 for address in self.email_addresses if not address.verified)


def user_mfa_enabled(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def security_overview_for_user(*, user: User) -> SecurityOverview:
    """What the Security page shows: emails, password, two-factor and session state.

    Users, emails, authenticators and sessions are global (identity is not per tenant).
    """
    authenticators = {a.type: a for a in Authenticator.objects.filter(user=user)}
    recovery = authenticators.get(Authenticator.Type.RECOVERY_CODES)
    return SecurityOverview(
        email_addresses=list(EmailAddress.objects.filter(user=user).order_by("-primary", "email")),
        has_password=user.has_usable_password(),
        totp_active=Authenticator.Type.TOTP in authenticators,
        recovery_codes_unused=len(recovery.wrap().get_unused_codes()) if recovery else None,
        session_count=UserSession.objects.filter(user=user).count(),
    )


@dataclass(frozen=True)
class PrivacyOverview:
    profile: Profile | None
    memberships: list[Membership]
    email_addresses: list[EmailAddress]
    mfa_enabled: bool
    session_count: int


def privacy_overview_for_user(*, user: User) -> PrivacyOverview:
    """The personal data this workspace (current tenant) holds about the user, plus the global
    identity records shared by every workspace the user belongs to."""
    return PrivacyOverview(
        profile=profile_for_user(user=user),
        memberships=list(Membership.objects.filter(user=user).select_related("tenant")),
        email_addresses=list(EmailAddress.objects.filter(user=user).order_by("-primary", "email")),
        mfa_enabled=user_mfa_enabled(user=user),
        session_count=UserSession.objects.filter(user=user).count(),
    )


_REQUEST_PROFILE_ATTR = "_jm_profile"


def profile_for_request(*, request: HttpRequest) -> Profile | None:
    """The signed-in user's profile on the request's tenant, loaded once per request (the view
    and the app shell's avatar both need it)."""
    if not hasattr(request, _REQUEST_PROFILE_ATTR):
        user = request.user
        profile = (
            profile_for_user(user=user)
            if isinstance(user, User) and getattr(request, "tenant", None) is not None
            else None
        )
        setattr(request, _REQUEST_PROFILE_ATTR, profile)
    return getattr(request, _REQUEST_PROFILE_ATTR)

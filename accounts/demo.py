"""Demo data for `bin/run`: two tenants, a job seeker and a tenant admin each, a support user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, Tenant, User
from accounts.services import tenant_create, user_create_in_tenant
from billing.demo import billing_demo_seed
from jobs.demo import jobs_demo_seed
from jobs.radar.demo import radar_demo_seed
from privacy.consent.interfaces import policy_defaults_ensure

DEMO_PASSWORD = "jobmentis-demo-2026"  # noqa: S105  (printed for local demos; never in production)


@dataclass(frozen=True)
class DemoTenant:
    slug: str
    name: str
    colour: str
    open_signup: bool
    seeker: tuple[str, str]
    admin: tuple[str, str]


DEMO_TENANTS = (
    DemoTenant(
        slug="acme",
        name="Acme Career Centre",
        colour="#2f5bea",
        open_signup=True,
        seeker=("seeker@acme.example", "Alex Rivera"),
        admin=("admin@acme.example", "Morgan Lee"),
    ),
    DemoTenant(
        slug="globex",
        name="Globex Coaching",
        colour="#0f7b6c",
        open_signup=False,
        seeker=("seeker@globex.example", "Sam Okafor"),
        admin=("admin@globex.example", "Jordan Blake"),
    ),
)
SUPPORT_EMAIL = "support@jobmentis.example"
SUPERUSER_EMAIL = "root@jobmentis.example"


@transaction.atomic
def demo_seed() -> list[Tenant]:
    """Idempotent: creates what is missing, leaves edits made since alone."""
    tenants = []
    for spec in DEMO_TENANTS:
        tenant = Tenant.objects.filter(slug=spec.slug).first() or tenant_create(
            name=spec.name,
            slug=spec.slug,
            primary_colour=spec.colour,
            allow_self_signup=spec.open_signup,
        )
        for (email, name), role in (
            (spec.seeker, Membership.Role.MEMBER),
            (spec.admin, Membership.Role.ADMIN),
        ):
            user_create_in_tenant(
                tenant=tenant, email=email, password=DEMO_PASSWORD, role=role, full_name=name
            )
        jobs_demo_seed(tenant=tenant, email=spec.seeker[0])
        tenants.append(tenant)
        if spec.slug == "acme":
            radar_demo_seed(tenant=tenant, seeker_email=spec.seeker[0])
    billing_demo_seed(tenants=tenants)
    for tenant in tenants:  # tenants created before consent landed get their policies here
        policy_defaults_ensure(tenant=tenant)
    if not User.objects.filter(email=SUPPORT_EMAIL).exists():
        User.objects.create_user(email=SUPPORT_EMAIL, password=DEMO_PASSWORD, is_support=True)
    if not User.objects.filter(email=SUPERUSER_EMAIL).exists():
        User.objects.create_superuser(email=SUPERUSER_EMAIL, password=DEMO_PASSWORD)
    # Platform staff sign in through allauth too (mandatory email verification): vouch for the
    # demo addresses, or the advertised logins would stop at "confirm your email".
    from allauth.account.models import EmailAddress

    for staff in User.objects.filter(email__in=[SUPPORT_EMAIL, SUPERUSER_EMAIL]):
        EmailAddress.objects.update_or_create(
            user=staff, email=staff.email, defaults={"verified": True, "primary": True}
        )
    return tenants

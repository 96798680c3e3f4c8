"""Writes for consent: policy versions and their defaults, the ledger (append-only: every
decision is a new record), acceptance at sign-up, restriction of AI processing.

Every service takes the tenant explicitly and runs inside its context; the ledger is written in
the caller's transaction, so a failed sign-up leaves no acceptance behind.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent import defaults
from privacy.consent.models import (
    AnalyticsIdentity,
    ConsentRecord,
    PolicyVersion,
    Processor,
    Purpose,
    Source,
)
from privacy.consent.selectors import BANNER_PURPOSES, policy_current

SOURCES = frozenset(Source.values)


class ConsentError(ValueError):
    """An invalid consent write (unknown purpose or source, no subject)."""


def policy_content_hash(body: str) -> str:
    """sha256 of the policy text as published (line endings normalised)."""
    return hashlib.sha256(body.replace("\r\n", "\n").encode()).hexdigest()


def policy_version_create(
    *,
    tenant: Tenant,
    kind: str,
    version: str,
    title: str,
    body: str,
    effective_at: datetime | None = None,
) -> PolicyVersion:
    with tenant_context(tenant.pk):
        return PolicyVersion.objects.create(
            kind=kind,
            version=version,
            title=title,
            body=body,
            content_hash=policy_content_hash(body),
            effective_at=effective_at or timezone.now(),
        )


def policy_defaults_ensure(*, tenant: Tenant) -> None:
    """Every tenant has a privacy policy, terms, a cookie policy and a processors table
    (called when a tenant is created and by the demo seed; idempotent: kinds that already
    have a version, and a non-empty processors table, are left alone)."""
    texts = {
        PolicyVersion.Kind.PRIVACY: ("Privacy policy", defaults.PRIVACY_POLICY),
        PolicyVersion.Kind.TERMS: ("Terms of service", defaults.TERMS),
        PolicyVersion.Kind.COOKIES: ("Cookie policy", defaults.COOKIE_POLICY),
    }
    with tenant_context(tenant.pk):
        existing = set(PolicyVersion.objects.values_list("kind", flat=True).distinct())
        for kind, (title, body) in texts.items():
            if kind not in existing:
                policy_version_create(
                    tenant=tenant,
                    kind=kind,
                    version=defaults.DEFAULT_VERSION,
                    title=title,
                    body=body.format(name=tenant.brand_name),
                    effective_at=min(tenant.created_at, timezone.now()),
                )
        if not Processor.objects.exists():
            for position, row in enumerate(defaults.PROCESSORS):
                Processor.objects.create(sort_order=position * 10, **row)


def consent_record(
    *,
    tenant: Tenant,
    purpose: str,
    granted: bool,
    source: str,
    user: User | None = None,
    device_id: uuid.UUID | None = None,
    policy_version: PolicyVersion | None = None,
) -> ConsentRecord:
    """Append one decision to the ledger."""
    if purpose not in Purpose.values:
        raise ConsentError(f"unknown purpose {purpose!r}")
    if source not in SOURCES:
        raise ConsentError(f"unknown source {source!r}")
    signed_in = user is not None and user.is_authenticated
    if not signed_in and device_id is None:
        raise ConsentError("a consent record needs a user or a device")
    with tenant_context(tenant.pk):
        return ConsentRecord.objects.create(
            user=user if signed_in else None,
            device_id=device_id,
            purpose=purpose,
            granted=granted,
            source=source,
            policy_version=policy_version,
        )


@transaction.atomic
def consent_choices_save(
    *,
    tenant: Tenant,
    choices: Mapping[str, bool],
    source: str,
    user: User | None = None,
    device_id: uuid.UUID | None = None,
) -> list[ConsentRecord]:
    """Record the banner/settings answer for every banner purpose (missing = refused), tied to
    the cookie policy in force. Every purpose gets a record, even when unchanged, so the ledger
    shows each answer was given under this version."""
    cookie_policy = policy_current(tenant=tenant, kind=PolicyVersion.Kind.COOKIES)
    records = [
        consent_record(
            tenant=tenant,
            purpose=purpose,
            granted=bool(choices.get(purpose, False)),
            source=source,
            user=user,
            device_id=device_id,
            policy_version=cookie_policy,
        )
        for purpose in BANNER_PURPOSES
    ]
    return records


@transaction.atomic
def policies_accept(*, tenant: Tenant, user: User, source: str = Source.SIGNUP) -> None:
    """Record that the user accepted the privacy policy and terms in force (sign-up)."""
    if policy_current(tenant=tenant, kind=PolicyVersion.Kind.TERMS) is None:
        # A tenant created before consent landed: publish the defaults the form linked to.
        policy_defaults_ensure(tenant=tenant)
    for kind, purpose in (
        (PolicyVersion.Kind.PRIVACY, Purpose.PRIVACY_POLICY),
        (PolicyVersion.Kind.TERMS, Purpose.TERMS),
    ):
        consent_record(
            tenant=tenant,
            purpose=purpose,
            granted=True,
            source=source,
            user=user,
            policy_version=policy_current(tenant=tenant, kind=kind),
        )


def restriction_set(*, user: User, tenant: Tenant, restricted: bool, source: str) -> ConsentRecord:
    """Restrict (or lift the restriction of) AI processing of the user's CVs (Art. 18). The AI
    layer refuses requests for a restricted user from the next call on."""
    return consent_record(
        tenant=tenant,
        purpose=Purpose.AI_PROCESSING_RESTRICTION,
        granted=restricted,
        source=source,
        user=user,
    )


def tracking_objection_record(*, user: User, tenant: Tenant, source: str) -> list[ConsentRecord]:
    """The user objects to analytics and marketing (Art. 21): every banner purpose is recorded
    as refused, so scripts stop loading and queued events are dropped at send time."""
    return consent_choices_save(tenant=tenant, choices={}, source=source, user=user)


# How the newsletter flows (notifications app) name where a decision came from.
_NEWSLETTER_SOURCES = {
    "settings": Source.SETTINGS,
    "double_opt_in": Source.EMAIL_LINK,
    "one_click_unsubscribe": Source.EMAIL_LINK,
    "erasure": Source.ERASURE,
    "support": Source.SUPPORT,
}


def newsletter_consent_record(
    *, user: User, tenant: Tenant, granted: bool, source: str
) -> ConsentRecord:
    """The newsletter opt-in (confirmed by the emailed link) or its withdrawal, tied to the
    privacy policy in force. Reports from the email provider (complaint, unsubscribe) count as
    withdrawals from the provider."""
    mapped = _NEWSLETTER_SOURCES.get(source)
    if mapped is None:
        mapped = Source.EMAIL_PROVIDER if source.startswith("provider_") else Source.API
    return consent_record(
        tenant=tenant,
        purpose=Purpose.NEWSLETTER,
        granted=granted,
        source=mapped,
        user=user,
        policy_version=policy_current(tenant=tenant, kind=PolicyVersion.Kind.PRIVACY),
    )


def analytics_identity_ensure(*, tenant: Tenant, user: User) -> AnalyticsIdentity:
    """The opaque id PostHog knows the user by on this tenant (created on first use)."""
    with tenant_context(tenant.pk):
        identity, _created = AnalyticsIdentity.objects.get_or_create(user=user)
        return identity

"""Reads for consent: current policies, processors, the current consent state (latest record
wins) and the tenant's tracking settings. Every selector takes the tenant explicitly and runs
in its context, so a request on tenant A can never read B's policy or ledger."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.audit import MAINTENANCE_DB
from accounts.models import Tenant, User
from jobmentis.tenancy.context import current_tenant_id, tenant_context
from privacy.consent.models import (
    ConsentRecord,
    PolicyVersion,
    Processor,
    Purpose,
    TrackingSettings,
)


def _scoped(tenant_id: int) -> AbstractContextManager[None]:
    """The tenant's context; a no-op inside a request or task already scoped to it (every
    page renders the banner: a savepoint and two set_config per selector would add up)."""
    if current_tenant_id() == tenant_id:
        return nullcontext()
    return tenant_context(tenant_id)


# The purposes the cookie banner asks about (in this order).
BANNER_PURPOSES = (Purpose.ANALYTICS, Purpose.MARKETING)


def policy_current(
    *, tenant: Tenant, kind: str, now: datetime | None = None
) -> PolicyVersion | None:
    """The version in force: the latest whose effective date has passed."""
    with _scoped(tenant.pk):
        return (
            PolicyVersion.objects.filter(kind=kind, effective_at__lte=now or timezone.now())
            .order_by("-effective_at", "-id")
            .first()
        )


def processors_for(*, tenant: Tenant) -> list[Processor]:
    with _scoped(tenant.pk):
        return list(Processor.objects.all())


def _subject_records(
    *, user: User | None, device_id: uuid.UUID | None
) -> QuerySet[ConsentRecord] | None:
    signed_in = user is not None and user.is_authenticated
    if signed_in and device_id is not None:
        # The user's own answers anywhere, plus what this browser answered before signing in;
        # the newest wins.
        return ConsentRecord.objects.filter(
            Q(user_id=user.pk) | Q(device_id=device_id, user__isnull=True)  # type: ignore[union-attr]
        )
    if signed_in:
        return ConsentRecord.objects.filter(user_id=user.pk)  # type: ignore[union-attr]
    if device_id is not None:
        return ConsentRecord.objects.filter(device_id=device_id)
    return None


def _latest(
    *, user: User | None, device_id: uuid.UUID | None, purposes: tuple[str, ...] | None = None
) -> dict[str, ConsentRecord]:
    records = _subject_records(user=user, device_id=device_id)
    if records is None:
        return {}
    if purposes is not None:
        records = records.filter(purpose__in=purposes)
    # One row per purpose, the newest (PostgreSQL DISTINCT ON).
    latest = records.order_by("purpose", "-created_at", "-id").distinct("purpose")
    return {record.purpose: record for record in latest}


def consent_state(
    *, tenant: Tenant, user: User | None = None, device_id: uuid.UUID | None = None
) -> dict[str, bool]:
    """purpose -> granted, from each purpose's latest record (purposes never answered are
    absent). A signed-in user's own records win over the browser's."""
    with _scoped(tenant.pk):
        return {p: r.granted for p, r in _latest(user=user, device_id=device_id).items()}


@dataclass(frozen=True)
class BannerState:
    """What the banner needs: whether to ask, and the current answers (for "Choose")."""

    ask: bool
    choices: dict[str, bool]
    cookie_policy: PolicyVersion | None


def banner_state(*, tenant: Tenant, user: User | None, device_id: uuid.UUID | None) -> BannerState:
    """Ask when the banner purposes were never answered, or were answered under an older
    cookie policy than the one in force."""
    cookie_policy = policy_current(tenant=tenant, kind=PolicyVersion.Kind.COOKIES)
    with _scoped(tenant.pk):
        latest = _latest(user=user, device_id=device_id, purposes=BANNER_PURPOSES)
    choices = {str(p): bool(latest[p].granted) if p in latest else False for p in BANNER_PURPOSES}
    current_id = cookie_policy.pk if cookie_policy else None
    ask = any(p not in latest or latest[p].policy_version_id != current_id for p in BANNER_PURPOSES)
    return BannerState(ask=ask, choices=choices, cookie_policy=cookie_policy)


def has_consent(
    *,
    tenant: Tenant,
    purpose: str,
    user: User | None = None,
    device_id: uuid.UUID | None = None,
) -> bool:
    """True only when the latest answer grants the purpose — and, for the cookie-banner
    purposes, was given under the cookie policy in force (a new policy suspends tracking until
    the visitor answers again)."""
    with _scoped(tenant.pk):
        record = _latest(user=user, device_id=device_id, purposes=(purpose,)).get(purpose)
    if record is None or not record.granted:
        return False
    if purpose in BANNER_PURPOSES:
        cookie_policy = policy_current(tenant=tenant, kind=PolicyVersion.Kind.COOKIES)
        return cookie_policy is None or record.policy_version_id == cookie_policy.pk
    return True


def has_consent_by_ids(
    *, tenant_id: int, purpose: str, user_id: int | None, device_id: str | None
) -> bool:
    """has_consent for tasks, which carry ids only."""
    tenant = Tenant.objects.get(pk=tenant_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    device = uuid.UUID(device_id) if device_id else None
    if user is None and device is None:
        return False
    return has_consent(tenant=tenant, purpose=purpose, user=user, device_id=device)


def ai_processing_restricted(*, user: User, tenant: Tenant) -> bool:
    """Has the user restricted AI processing of their CVs on this tenant (Art. 18)?"""
    return ai_processing_restricted_by_id(user_id=user.pk, tenant_id=tenant.pk)


def ai_processing_restricted_by_id(*, user_id: int, tenant_id: int) -> bool:
    with _scoped(tenant_id):
        latest = (
            ConsentRecord.objects.filter(user_id=user_id, purpose=Purpose.AI_PROCESSING_RESTRICTION)
            .order_by("-created_at", "-id")
            .values_list("granted", flat=True)
            .first()
        )
    return bool(latest)


def tracking_settings_for(*, tenant: Tenant) -> TrackingSettings:
    """The tenant's settings, or unsaved defaults (everything off) when none were saved."""
    with _scoped(tenant.pk):
        found = TrackingSettings.objects.first()
    return found if found is not None else TrackingSettings(tenant=tenant)


def consent_history(*, tenant: Tenant, user: User) -> list[ConsentRecord]:
    """The user's own ledger on this tenant, newest first (Data & Privacy)."""
    with _scoped(tenant.pk):
        return list(
            ConsentRecord.objects.filter(user_id=user.pk).select_related("policy_version")[:200]
        )


def support_consent_history(*, user_id: int) -> list[ConsentRecord]:
    """Every tenant's ledger entries for a user (support console; maintenance connection,
    which bypasses RLS: the caller audits the read in each tenant concerned)."""
    return list(
        ConsentRecord.cross_tenant.using(MAINTENANCE_DB)
        .filter(user_id=user_id)
        .select_related("policy_version", "tenant")
        .order_by("tenant__name", "-created_at", "-id")
    )


def records_as_rows(records: list[ConsentRecord]) -> list[dict[str, Any]]:
    return [
        {
            "purpose": r.get_purpose_display(),
            "granted": r.granted,
            "version": str(r.policy_version) if r.policy_version else "",
            "source": r.get_source_display(),
            "created_at": r.created_at,
        }
        for r in records
    ]

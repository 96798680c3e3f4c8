"""Reads for consent: current policies, processors, the current consent state (latest record
wins) and the tenant's tracking settings. Every selector takes the tenant explicitly and runs
in its context, so a request on tenant A can never read B's policy or ledger."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet, Subquery
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


@dataclass(frozen=True)
class PageConsent:
    """Everything a page needs to decide on the banner and the tracker scripts."""

    cookie_policy_id: int | None
    answers: dict[str, tuple[bool, int | None]]  # purpose -> (granted, policy version id)
    posthog_enabled: bool
    posthog_api_key: str
    posthog_host: str
    meta_enabled: bool
    meta_pixel_id: str

    @property
    def ask(self) -> bool:
        return any(
            p not in self.answers or self.answers[p][1] != self.cookie_policy_id
            for p in BANNER_PURPOSES
        )

    def granted(self, purpose: str) -> bool:
        """As has_consent: granted, and under the cookie policy in force."""
        answer = self.answers.get(purpose)
        if answer is None or not answer[0]:
            return False
        return self.cookie_policy_id is None or answer[1] == self.cookie_policy_id

    def choices(self) -> dict[str, bool]:
        return {str(p): bool(self.answers.get(p, (False, None))[0]) for p in BANNER_PURPOSES}

    @property
    def posthog_active(self) -> bool:
        return bool(self.posthog_enabled and self.posthog_api_key and self.posthog_host)

    @property
    def meta_active(self) -> bool:
        return bool(self.meta_enabled and self.meta_pixel_id)


def page_consent(*, tenant: Tenant, user: User | None, device_id: uuid.UUID | None) -> PageConsent:
    """One query for every page: the cookie policy in force, the latest banner answers and the
    tracker switches (the banner and the scripts are on every page, so this stays one round
    trip; the Celery senders re-read everything from the tables at send time)."""
    with _scoped(tenant.pk):
        records = _subject_records(user=user, device_id=device_id)
        annotations: dict[str, Any] = {
            "cookie_policy_id": Subquery(
                PolicyVersion.objects.filter(
                    kind=PolicyVersion.Kind.COOKIES, effective_at__lte=timezone.now()
                )
                .order_by("-effective_at", "-id")
                .values("pk")[:1]
            ),
        }
        for name in (
            "posthog_enabled",
            "posthog_api_key",
            "posthog_host",
            "meta_enabled",
            "meta_pixel_id",
        ):
            # Prefixed: Tenant has older toggle fields of the same names.
            annotations[f"ts_{name}"] = Subquery(TrackingSettings.objects.values(name)[:1])
        if records is not None:
            for purpose in BANNER_PURPOSES:
                latest = records.filter(purpose=purpose).order_by("-created_at", "-id")
                annotations[f"{purpose}_granted"] = Subquery(latest.values("granted")[:1])
                annotations[f"{purpose}_version"] = Subquery(latest.values("policy_version_id")[:1])
        row = Tenant.objects.filter(pk=tenant.pk).annotate(**annotations).values(*annotations)[0]
    answers = {
        str(p): (bool(row[f"{p}_granted"]), row[f"{p}_version"])
        for p in BANNER_PURPOSES
        if records is not None and row[f"{p}_granted"] is not None
    }
    return PageConsent(
        cookie_policy_id=row["cookie_policy_id"],
        answers=answers,
        posthog_enabled=bool(row["ts_posthog_enabled"]),
        posthog_api_key=row["ts_posthog_api_key"] or "",
        posthog_host=row["ts_posthog_host"] or "",
        meta_enabled=bool(row["ts_meta_enabled"]),
        meta_pixel_id=row["ts_meta_pixel_id"] or "",
    )

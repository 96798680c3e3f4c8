"""Writes for Job Radar: saved searches, refreshing them from the sources, de-duplicating
listings, scoring them against the user's primary CV, saving one to the tracker, the digest.

Everything runs in the tenant in context (request or tenant task). Sources raise only
`SourceError`s; a refresh records the error code on the search for the user to see.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import ngettext

from accounts.models import Tenant, User
from jobmentis.tenancy.context import require_tenant_id, tenant_context
from jobmentis.tenancy.tasks import enqueue_on_commit
from jobs.radar.models import (
    DigestDelivery,
    Listing,
    ListingScore,
    RadarSettings,
    SavedSearch,
    Source,
)
from jobs.radar.selectors import primary_resume_for_user
from jobs.radar.sources import enabled_sources
from jobs.radar.sources.base import ListingSource, SearchQuery, SourceError, SourceListing
from jobs.radar.text import dedupe_key
from notifications.selectors import notification_channels_for_users
from notifications.services import notification_send
from privacy.selectors import erasure_held_user_ids
from resumes.models import Resume
from resumes.scoring import ENGINE_VERSION, score_match

logger = logging.getLogger(__name__)

SEARCH_FIELDS = (
    "name",
    "keywords",
    "location",
    "distance_km",
    "salary_min",
    "remote_only",
    "contract_type",
    "country",
    "is_active",
)
# Fields a refresh may update on a listing it already holds (the identity fields stay).
_REFRESHED_FIELDS = (
    "description",
    "redirect_url",
    "location",
    "area",
    "category",
    "contract_type",
    "contract_time",
    "workplace_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_is_predicted",
    "latitude",
    "longitude",
    "posted_at",
    "is_active",
)
_SCORE_FIELDS = (
    "score",
    "resume_id",
    "resume_updated_at",
    "engine_version",
    "matched_keywords",
    "missing_keywords",
    "breakdown",
    "scored_at",
)


# --- saved searches --------------------------------------------------------------------------


def saved_search_create(*, user: User, data: dict[str, Any]) -> SavedSearch:
    search = SavedSearch(user=user, **{key: data[key] for key in SEARCH_FIELDS if key in data})
    search.save()
    return search


def saved_search_update(*, search: SavedSearch, data: dict[str, Any]) -> SavedSearch:
    """Changing what a search asks for forgets its old results: they answered another query."""
    query_before = search_query_for(search)
    for key in SEARCH_FIELDS:
        if key in data:
            setattr(search, key, data[key])
    search.save()
    if search_query_for(search) != query_before:
        search.hits.all().delete()
    return search


def saved_search_delete(*, search: SavedSearch) -> None:
    search.delete()


def search_query_for(search: SavedSearch) -> SearchQuery:
    return SearchQuery(
        keywords=search.keywords,
        location=search.location,
        distance_km=search.distance_km,
        salary_min=search.salary_min,
        remote_only=search.remote_only,
        contract_type=search.contract_type,
        country=search.country,
        max_days_old=settings.RADAR_MAX_DAYS_OLD,
        sort_by="date",
        results_per_page=settings.ADZUNA_RESULTS_PER_PAGE,
    )


# --- listings: de-duplication --------------------------------------------------------------------


def _listing_values(item: SourceListing) -> dict[str, Any]:
    return {
        "title": item.title[:200],
        "company": item.company[:200],
        "location": item.location[:200],
        "area": list(item.area),
        "country": item.country,
        "description": item.description,
        "redirect_url": item.redirect_url,
        "category": item.category[:120],
        "contract_type": item.contract_type,
        "contract_time": item.contract_time,
        "workplace_type": item.workplace_type,
        "salary_min": item.salary_min,
        "salary_max": item.salary_max,
        "salary_currency": item.salary_currency,
        "salary_is_predicted": item.salary_is_predicted,
        "latitude": item.latitude,
        "longitude": item.longitude,
        "posted_at": item.posted_at,
        "is_active": True,
    }


def item_dedupe_key(item: SourceListing | Listing) -> str:
    return dedupe_key(company=item.company, title=item.title, location=item.location)


def listings_upsert(items: Iterable[SourceListing]) -> list[Listing]:
    """The stored listing for every item, in order, created where new.

    One job is one row: an item is matched first by its source reference (the same Adzuna id
    again), then by its normalised company + title + location (the same job from another
    source, or re-posted under a new id). Curated rows are never overwritten by a refresh: the
    admin's edit is the truth. Safe against a concurrent refresh inserting the same job (the
    unique constraints decide, and the winner's row is used).
    """
    tenant_id = require_tenant_id()
    items = list(items)
    if not items:
        return []
    keys = [item_dedupe_key(item) for item in items]
    by_ref: dict[tuple[str, str], Listing] = {}
    refs_by_source: dict[str, set[str]] = {}
    for item in items:
        refs_by_source.setdefault(item.source, set()).add(item.source_id)
    for source, refs in refs_by_source.items():
        for listing in Listing.objects.filter(source=source, source_id__in=refs):
            by_ref[(listing.source, listing.source_id)] = listing
    by_key = {row.dedupe_key: row for row in Listing.objects.filter(dedupe_key__in=keys)}

    changed: list[Listing] = []
    new: dict[str, Listing] = {}
    for item, key in zip(items, keys, strict=True):
        listing = by_ref.get((item.source, item.source_id)) or by_key.get(key) or new.get(key)
        if listing is None:
            new[key] = Listing(
                tenant_id=tenant_id,
                source=item.source,
                source_id=item.source_id[:100],
                dedupe_key=key,
                **_listing_values(item),
            )
            continue
        same_ref = (listing.source, listing.source_id) == (item.source, item.source_id)
        if same_ref and listing.source != Source.CURATED and listing.pk is not None:
            values = _listing_values(item)
            if any(getattr(listing, name) != values[name] for name in _REFRESHED_FIELDS):
                for name in _REFRESHED_FIELDS:
                    setattr(listing, name, values[name])
                changed.append(listing)
    if changed:
        Listing.objects.bulk_update(changed, [*_REFRESHED_FIELDS, "updated_at"])
    if new:
        now = timezone.now()
        for listing in new.values():
            listing.created_at = listing.updated_at = now
        Listing.objects.bulk_create(new.values(), ignore_conflicts=True)
        # Re-read: ignore_conflicts leaves no ids, and a concurrent refresh may have won.
        for listing in Listing.objects.filter(dedupe_key__in=list(new)):
            by_key[listing.dedupe_key] = listing
    result: list[Listing] = []
    seen: set[int] = set()
    for item, key in zip(items, keys, strict=True):
        stored = by_ref.get((item.source, item.source_id)) or by_key.get(key)
        if stored is not None and stored.pk is not None and stored.pk not in seen:
            seen.add(stored.pk)
            result.append(stored)
    return result


# --- scores --------------------------------------------------------------------------------------


def _is_fresh(score: ListingScore | None, resume: Resume | None) -> bool:
    if score is None:
        return False
    if resume is None:
        return score.resume_id is None
    return (
        score.resume_id == resume.pk
        and score.resume_updated_at == resume.updated_at
        and score.engine_version == ENGINE_VERSION
    )


def _score_values(listing: Listing, resume: Resume | None, now: Any) -> dict[str, Any]:
    if resume is None or not resume.data:
        return {
            "score": None,
            "resume_id": None,
            "resume_updated_at": None,
            "engine_version": "",
            "matched_keywords": [],
            "missing_keywords": [],
            "breakdown": {},
            "scored_at": now,
        }
    result = score_match(
        resume.data,
        f"{listing.title}\n{listing.description}",
        today=timezone.localdate(),
        job_title=listing.title,
    )
    breakdown = result.to_dict()
    return {
        "score": result.score,
        "resume_id": resume.pk,
        "resume_updated_at": resume.updated_at,
        "engine_version": result.engine_version,
        "matched_keywords": list(result.matched_keywords)[:20],
        "missing_keywords": list(result.missing_keywords)[:20],
        "breakdown": breakdown,
        "scored_at": now,
    }


def listing_scores_update(
    *, user: User, listings: Sequence[Listing], resume: Resume | bool | None = True
) -> int:
    """Score each listing against the user's primary CV where the stored score is missing or
    was computed from another CV, another edit of it or another engine. Returns how many were
    (re)scored. `resume=True` means "look up the primary CV"."""
    if not listings:
        return 0
    cv: Resume | None = primary_resume_for_user(user=user) if resume is True else resume or None
    existing = {
        score.listing_id: score
        for score in ListingScore.objects.filter(
            user=user, listing_id__in=[listing.pk for listing in listings]
        ).only("id", "listing_id", "resume_id", "resume_updated_at", "engine_version")
    }
    tenant_id = require_tenant_id()
    now = timezone.now()
    rows = [
        ListingScore(
            tenant_id=tenant_id,
            user=user,
            listing=listing,
            created_at=now,
            **_score_values(listing, cv, now),
        )
        for listing in listings
        if not _is_fresh(existing.get(listing.pk), cv)
    ]
    if rows:
        ListingScore.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["tenant", "user", "listing"],
            update_fields=list(_SCORE_FIELDS),
        )
    return len(rows)


def listing_scores_refresh_for_user(*, user: User) -> int:
    """Re-score everything the user has seen (their primary CV changed)."""
    listing_ids = ListingScore.objects.filter(user=user).values_list("listing_id", flat=True)
    listings = list(Listing.objects.filter(pk__in=list(listing_ids)))
    return listing_scores_update(user=user, listings=listings)


# --- refreshing a saved search -----------------------------------------------------------------


@dataclass
class RunResult:
    found: int = 0
    scored: int = 0
    sources: list[str] = field(default_factory=list)


def _record_hits(search: SavedSearch, listings: Sequence[Listing], *, now: Any) -> None:
    from jobs.radar.models import SearchHit

    if not listings:
        return
    tenant_id = require_tenant_id()
    SearchHit.objects.bulk_create(
        [
            SearchHit(
                tenant_id=tenant_id,
                search=search,
                listing=listing,
                first_seen_at=now,
                last_seen_at=now,
            )
            for listing in listings
        ],
        update_conflicts=True,
        unique_fields=["tenant", "search", "listing"],
        update_fields=["last_seen_at"],
    )


def saved_search_run(
    *, search: SavedSearch, remote: bool, sources: Sequence[ListingSource] | None = None
) -> RunResult:
    """Ask the local (remote=False) or the remote sources for the search's listings, store them
    de-duplicated, remember which ones this search found, and score them for its owner.
    Raises the first remote source's SourceError (the caller decides about retrying)."""
    query = search_query_for(search)
    now = timezone.now()
    result = RunResult()
    chosen = [s for s in (sources or enabled_sources()) if s.remote == remote]
    for source in chosen:
        page = source.search(query)
        listings = listings_upsert(page.listings)
        _record_hits(search, listings, now=now)
        if not source.remote:
            # A local source answers in full: what it no longer returns (unpublished, or the
            # search changed) is no longer a result.
            search.hits.filter(listing__source=source.key).exclude(
                listing__in=[listing.pk for listing in listings]
            ).delete()
        result.found += len(listings)
        result.scored += listing_scores_update(user=search.user, listings=listings)
        result.sources.append(source.key)
    if remote:
        # Remote results age out: an ad not seen for longer than the search window is gone.
        cutoff = now - timedelta(days=settings.RADAR_MAX_DAYS_OLD)
        search.hits.filter(last_seen_at__lt=cutoff).exclude(listing__source=Source.CURATED).delete()
    return result


def _remote_sources_enabled() -> bool:
    return any(source.remote for source in enabled_sources())


def saved_search_refresh_request(*, search: SavedSearch) -> RunResult:
    """ "Run now": the local sources answer at once; remote ones are queued for a worker."""
    from jobs.radar.tasks import radar_refresh_search

    result = saved_search_run(search=search, remote=False)
    search.last_run_at = timezone.now()
    search.error_code = ""
    if _remote_sources_enabled():
        search.status = SavedSearch.Status.QUEUED
        enqueue_on_commit(radar_refresh_search, search_id=search.pk, force=True, local=False)
    else:
        search.status = SavedSearch.Status.IDLE
    search.save(update_fields=["last_run_at", "error_code", "status", "updated_at"])
    return result


def saved_search_refresh(
    *, search_id: int, force: bool = False, local: bool = True, retry_allowed: bool = False
) -> str:
    """The worker's refresh of one search: every source, idempotent.

    Skips a search refreshed within RADAR_REFRESH_MINUTES (unless forced) and one another
    worker holds right now. Returns what happened, for the task result and the logs.
    A SourceError is recorded on the search (queued again when the caller will retry it,
    failed otherwise) and re-raised for the caller.
    """
    search = (
        SavedSearch.objects.select_for_update(skip_locked=True)
        .select_related("user")
        .filter(pk=search_id)
        .first()
    )
    if search is None:
        return "missing-or-busy"
    recent = timezone.now() - timedelta(minutes=settings.RADAR_REFRESH_MINUTES)
    if not force and search.last_run_at and search.last_run_at > recent:
        return "fresh"
    if local:
        saved_search_run(search=search, remote=False)
    try:
        saved_search_run(search=search, remote=True)
    except SourceError as exc:
        logger.warning("radar refresh search=%s failed: %s", search.pk, exc)
        retrying = exc.retryable and retry_allowed
        search.status = SavedSearch.Status.QUEUED if retrying else SavedSearch.Status.FAILED
        search.error_code = exc.code[:40]
        search.last_run_at = timezone.now()
        search.save(update_fields=["status", "error_code", "last_run_at", "updated_at"])
        raise
    search.status = SavedSearch.Status.IDLE
    search.error_code = ""
    search.last_run_at = timezone.now()
    search.save(update_fields=["status", "error_code", "last_run_at", "updated_at"])
    return "refreshed"


def due_search_ids() -> list[int]:
    """Active searches of the tenant in context not refreshed within the refresh interval."""
    recent = timezone.now() - timedelta(minutes=settings.RADAR_REFRESH_MINUTES)
    from django.db.models import Q

    return list(
        SavedSearch.objects.filter(is_active=True)
        .filter(Q(last_run_at__isnull=True) | Q(last_run_at__lt=recent))
        .order_by("last_run_at", "id")
        .values_list("id", flat=True)
    )


# --- saving a listing to the tracker --------------------------------------------------------------


_TRACKER_WORKPLACE = {"on_site": "onsite", "hybrid": "hybrid", "remote": "remote"}


def listing_save_to_tracker(*, user: User, tenant: Tenant, score: ListingScore) -> int:
    """Add the listing to the user's tracker as a wishlist application, with its description.
    Idempotent: a second click returns the application the first one created."""
    from jobs.services import application_create

    locked = ListingScore.objects.select_for_update().select_related("listing").get(pk=score.pk)
    if locked.application_id is not None:
        return locked.application_id
    listing = locked.listing
    has_salary = listing.salary_min is not None or listing.salary_max is not None
    application = application_create(
        user=user,
        tenant=tenant,
        company=listing.company,
        title=listing.title,
        description=listing.description,
        url=listing.redirect_url,
        location=listing.location,
        # The tracker's own vocabularies: "onsite", and part time is a contract type there.
        workplace_type=_TRACKER_WORKPLACE.get(listing.workplace_type, ""),
        contract_type=listing.contract_type
        or ("part_time" if listing.contract_time == "part_time" else ""),
        salary_min=listing.salary_min,
        salary_max=listing.salary_max,
        salary_currency=listing.salary_currency if has_salary else "",
        salary_period="year" if has_salary else "",
        source=f"Job Radar ({Source(listing.source).label})",
        status="wishlist",
    )
    locked.application_id = application.pk
    locked.saved_at = timezone.now()
    locked.save(update_fields=["application_id", "saved_at"])
    score.application_id, score.saved_at = locked.application_id, locked.saved_at
    return application.pk


# --- digest settings and sending ----------------------------------------------------------------


def radar_settings_update(*, user: User, digest: str, threshold: int) -> RadarSettings:
    found, _created = RadarSettings.objects.update_or_create(
        user=user, defaults={"digest": digest, "threshold": threshold}
    )
    return found


DIGEST_INTERVALS = {
    RadarSettings.Digest.DAILY: timedelta(days=1),
    RadarSettings.Digest.WEEKLY: timedelta(days=7),
}
# Beat runs hourly: a digest due "a day after the last one" goes at the first run past it,
# minus this slack so it does not drift an hour later every day.
DIGEST_SLACK = timedelta(minutes=30)
DIGEST_MAX_LISTINGS = 10
# A digest still unsent this long after it was written is retried by the next beat run.
DIGEST_UNSENT_AFTER = timedelta(minutes=10)


def due_digest_user_ids() -> list[int]:
    now = timezone.now()
    ids: list[int] = []
    for row in RadarSettings.objects.exclude(digest=RadarSettings.Digest.OFF).only(
        "user_id", "digest", "last_digest_at"
    ):
        interval = DIGEST_INTERVALS.get(row.digest)
        if interval is None:
            continue
        if row.last_digest_at is None or row.last_digest_at <= now - interval + DIGEST_SLACK:
            ids.append(row.user_id)
    # Digests written but not sent (the worker died after the commit, or its retries ran out
    # while the mail server was down) go out on the next run.
    unsent = DigestDelivery.objects.filter(
        status__in=[DigestDelivery.Status.PENDING, DigestDelivery.Status.FAILED],
        created_at__lte=now - DIGEST_UNSENT_AFTER,
    ).values_list("user_id", flat=True)
    due = set(ids) | set(unsent)
    # A closed account (erasure in its grace period) gets no digest.
    return sorted(due - erasure_held_user_ids(user_ids=due))


def digest_period(*, digest: str, now: datetime) -> str:
    """The digest period `now` falls in: its UTC date for a daily digest, its ISO week for a
    weekly one. One digest per user and period (DigestDelivery's unique constraint)."""
    day = now.astimezone(UTC).date()
    if digest == RadarSettings.Digest.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def digest_send(*, user_id: int) -> int:
    """E-mail the user their new high matches (score >= their threshold, never e-mailed
    before). Returns how many listings the digest carries; 0 sends nothing. Inside a tenant
    context (one transaction).

    Idempotent, at most once: the listings are marked and a `DigestDelivery` outbox row is
    written in this transaction, under the settings row's lock; the e-mail goes only after the
    commit (`digest_deliver`), so a task that crashes or is retried before the commit sends
    nothing and leaves nothing behind, and one retried after it finds the period's row and
    sends no second digest. A delivery still pending or failed (the worker died right after
    the commit, or the mail server refused) is sent by the retry instead of a new one.
    """
    settings_row = (
        RadarSettings.objects.select_for_update().select_related("user").filter(user_id=user_id)
    ).first()
    if settings_row is None or settings_row.digest == RadarSettings.Digest.OFF:
        return 0
    if erasure_held_user_ids(user_ids=[user_id]):
        return 0  # the account was closed after the beat listed it
    unsent = (
        DigestDelivery.objects.filter(
            user_id=user_id,
            status__in=[DigestDelivery.Status.PENDING, DigestDelivery.Status.FAILED],
        )
        .order_by("created_at")
        .first()
    )
    if unsent is not None:
        _deliver_after_commit(unsent)
        return len(unsent.score_ids)
    interval = DIGEST_INTERVALS[settings_row.digest]
    now = timezone.now()
    if settings_row.last_digest_at and settings_row.last_digest_at > now - interval + DIGEST_SLACK:
        return 0
    period = digest_period(digest=settings_row.digest, now=now)
    if DigestDelivery.objects.filter(user_id=user_id, period=period).exists():
        return 0  # this period's digest already went (or is going)
    matches = list(
        ListingScore.objects.select_for_update(of=("self",))
        .filter(
            user_id=user_id,
            notified_at__isnull=True,
            saved_at__isnull=True,
            listing__is_active=True,
            score__gte=settings_row.threshold,
        )
        .order_by("-score", "-id")
        .values_list("pk", flat=True)[:DIGEST_MAX_LISTINGS]
    )
    settings_row.last_digest_at = now
    settings_row.save(update_fields=["last_digest_at", "updated_at"])
    if not matches:
        return 0
    ListingScore.objects.filter(pk__in=matches).update(notified_at=now)
    # The notification-centre preference for digests decides the channels.
    delivery_channel = notification_channels_for_users(user_ids={user_id}, kind="radar_digest")
    if delivery_channel[user_id].in_app:
        count = len(matches)
        notification_send(
            user=settings_row.user,
            tenant=Tenant.objects.get(pk=require_tenant_id()),
            kind="radar_digest",
            title=lazy(
                lambda: (
                    ngettext(
                        "%(count)s new job match on Job Radar",
                        "%(count)s new job matches on Job Radar",
                        count,
                    )
                    % {"count": count}
                ),
                str,
            )(),
            url=reverse("jobs_radar"),
        )
    if delivery_channel[user_id].email:
        delivery = DigestDelivery.objects.create(user_id=user_id, period=period, score_ids=matches)
        _deliver_after_commit(delivery)
    return len(matches)


def _deliver_after_commit(delivery: DigestDelivery) -> None:
    tenant_id = require_tenant_id()
    transaction.on_commit(
        lambda: digest_deliver(tenant_id=tenant_id, delivery_id=delivery.pk), robust=False
    )


def digest_deliver(*, tenant_id: int, delivery_id: int) -> bool:
    """Send one committed digest. The row moves pending -> sending in its own committed
    transaction before the e-mail leaves: only the worker that made that move sends, and a
    crash after it never leads to a second e-mail (at most once: a digest lost to a crash in
    the instant of sending is better than one sent twice; its row stays "sending"). A refused
    send marks the row failed and re-raises, for the task's retry to send it again. Runs
    outside a transaction (it opens its own)."""
    from jobs.radar.emails import digest_email_build

    with tenant_context(tenant_id):
        claimed = DigestDelivery.objects.filter(
            pk=delivery_id,
            status__in=[DigestDelivery.Status.PENDING, DigestDelivery.Status.FAILED],
        ).update(status=DigestDelivery.Status.SENDING, attempts=F("attempts") + 1)
        if not claimed:
            return False
        delivery = DigestDelivery.objects.select_related("user").get(pk=delivery_id)
        settings_row = RadarSettings.objects.filter(user_id=delivery.user_id).first()
        scores = {
            score.pk: score
            for score in ListingScore.objects.filter(pk__in=delivery.score_ids).select_related(
                "listing"
            )
        }
        matches = [scores[pk] for pk in delivery.score_ids if pk in scores]
        message = digest_email_build(
            user=delivery.user,
            matches=matches,
            threshold=settings_row.threshold if settings_row else 0,
        )
    try:
        message.send()
    except Exception:
        with tenant_context(tenant_id):
            DigestDelivery.objects.filter(pk=delivery_id).update(
                status=DigestDelivery.Status.FAILED
            )
        raise
    with tenant_context(tenant_id):
        DigestDelivery.objects.filter(pk=delivery_id).update(
            status=DigestDelivery.Status.SENT, sent_at=timezone.now()
        )
    return True

"""Reads for Job Radar. Every lookup is by the requesting user (and, through the default manager,
the tenant in context): another user's search and a missing one are the same 404.

A user sees a listing once one of their searches found it: their `ListingScore` row is the
key to it, which is also what makes the results page one query sorted by score.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet

from accounts.models import User
from jobs.radar.models import Listing, ListingScore, RadarSettings, SavedSearch
from resumes.models import Resume

_LIST_DEFERRED = ("listing__description", "listing__area", "breakdown")


def primary_resume_for_user(*, user: User) -> Resume | None:
    """The CV every listing is scored against: the user's primary one, once it has been read.

    (resumes.selectors lists CVs but has no "primary" reader; this one needs the data column.)
    """
    return (
        Resume.objects.filter(user=user, is_primary=True, status=Resume.Status.PARSED)
        .only("id", "user_id", "tenant_id", "title", "updated_at", "parsed_data", "edited_data")
        .first()
    )


def saved_searches_for_user(*, user: User) -> QuerySet[SavedSearch]:
    """The user's searches with how many results each has and its best score (one query)."""
    return (
        SavedSearch.objects.filter(user=user)
        .annotate(
            result_count=Count("hits", filter=Q(hits__listing__is_active=True), distinct=True),
            best_score=Max(
                "hits__listing__scores__score",
                filter=Q(hits__listing__scores__user=user, hits__listing__is_active=True),
            ),
        )
        .order_by("-created_at", "-id")
    )


def saved_search_for_user(*, user: User, search_id: int) -> SavedSearch | None:
    return SavedSearch.objects.filter(user=user, pk=search_id).first()


def _score_order(queryset: QuerySet[ListingScore]) -> QuerySet[ListingScore]:
    return queryset.order_by(
        F("score").desc(nulls_last=True), F("listing__posted_at").desc(nulls_last=True), "-id"
    )


def search_results(*, user: User, search: SavedSearch) -> QuerySet[ListingScore]:
    """The search's listings as the user's scores, best match first: one query."""
    return _score_order(
        ListingScore.objects.filter(
            user=user, listing__hits__search=search, listing__is_active=True
        )
        .select_related("listing")
        .defer(*_LIST_DEFERRED)
    )


def top_matches_for_user(*, user: User, limit: int = 8) -> list[ListingScore]:
    return list(
        _score_order(
            ListingScore.objects.filter(user=user, listing__is_active=True, score__isnull=False)
            .select_related("listing")
            .defer(*_LIST_DEFERRED)
        )[:limit]
    )


def listing_score_for_user(*, user: User, listing_id: int) -> ListingScore | None:
    """A listing the user's searches found, with their score; None for anything else."""
    return (
        ListingScore.objects.filter(user=user, listing_id=listing_id, listing__is_active=True)
        .select_related("listing")
        .first()
    )


def scores_are_stale(*, user: User, resume: Resume | None) -> bool:
    """Whether some of the user's scores were computed from another CV (or another edit of it)."""
    scores = ListingScore.objects.filter(user=user)
    if resume is None:
        return scores.filter(score__isnull=False).exists()
    return scores.exclude(resume_id=resume.pk, resume_updated_at=resume.updated_at).exists()


def radar_settings_for_user(*, user: User) -> RadarSettings:
    """The user's digest settings, unsaved defaults when they never changed them."""
    found = RadarSettings.objects.filter(user=user).first()
    return found if found is not None else RadarSettings(user=user)


def listing_counts_by_source() -> dict[str, Any]:
    """For the admin and the README: how many active listings each source holds."""
    return dict(
        Listing.objects.filter(is_active=True)
        .values_list("source")
        .annotate(n=Count("id"))
        .values_list("source", "n")
    )

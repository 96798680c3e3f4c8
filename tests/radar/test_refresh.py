"""Refreshing saved searches: curated and Adzuna results de-duplicated into one listing per job,
scored against the primary CV, sorted by score; errors recorded on the search."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.radar.models import Listing, ListingScore, SavedSearch, SearchHit, Source
from jobs.radar.selectors import search_results
from jobs.radar.services import (
    listings_upsert,
    saved_search_create,
    saved_search_refresh,
    saved_search_refresh_request,
    saved_search_update,
)
from jobs.radar.sources.base import SourceListing, SourceUnavailable
from resumes.models import Resume
from resumes.services import resume_save_edits
from tests.radar.conftest import add_curated
from tests.radar.fake_adzuna import FakeAdzuna, Reply, recorded

pytestmark = pytest.mark.django_db


def _item(**overrides: Any) -> SourceListing:
    values: dict[str, Any] = {
        "source": Source.ADZUNA,
        "source_id": "100",
        "title": "Senior Python Developer",
        "company": "Brightwave Health",
        "description": "Python, Django",
        "redirect_url": "https://adzuna.test/100",
        "location": "London",
    }
    values.update(overrides)
    return SourceListing(**values)


def test_same_job_from_two_sources_is_one_listing(in_tenant_a: Tenant) -> None:
    add_curated(in_tenant_a, ["demo-python-backend"])
    curated = Listing.objects.get()
    # Adzuna's copy: other case, punctuation and legal suffix on the company.
    found = listings_upsert(
        [_item(company="BRIGHTWAVE HEALTH LTD.", title="senior python developer")]
    )
    assert [listing.pk for listing in found] == [curated.pk]
    assert Listing.objects.count() == 1
    assert Listing.objects.get().description == curated.description  # curated text wins


def test_same_source_id_again_updates_instead_of_duplicating(in_tenant_a: Tenant) -> None:
    (first,) = listings_upsert([_item(salary_min=50000)])
    (again,) = listings_upsert([_item(salary_min=55000, description="Updated")])
    assert again.pk == first.pk
    stored = Listing.objects.get()
    assert (stored.salary_min, stored.description) == (55000, "Updated")


def test_duplicates_within_one_page_collapse(in_tenant_a: Tenant) -> None:
    found = listings_upsert([_item(), _item(source_id="101", redirect_url="https://a.test/2")])
    assert len(found) == 1 and Listing.objects.count() == 1


def test_local_run_finds_curated_listings_and_sorts_by_score(
    in_tenant_a: Tenant, seeker_a: User, curated_a: list[Listing], cv_a: Resume
) -> None:
    search = saved_search_create(
        user=seeker_a, data={"name": "Python", "keywords": "python", "country": "gb"}
    )
    result = saved_search_refresh_request(search=search)
    assert result.sources == ["curated"]
    rows = list(search_results(user=seeker_a, search=search))
    titles = [row.listing.title for row in rows]
    assert "Senior Python Developer" in titles
    assert "Registered Nurse — Intensive Care Unit" not in titles  # no "python" in it
    scores = [row.score for row in rows]
    assert all(score is not None for score in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    assert rows[0].listing.title == "Senior Python Developer"
    assert rows[0].resume_id == cv_a.pk
    search.refresh_from_db()
    assert search.status == SavedSearch.Status.IDLE and search.last_run_at is not None


def test_results_page_is_one_query_whatever_the_number_of_listings(
    in_tenant_a: Tenant, seeker_a: User, curated_a: list[Listing], cv_a: Resume
) -> None:
    search = saved_search_create(user=seeker_a, data={"name": "All", "location": "London"})
    saved_search_refresh_request(search=search)
    with CaptureQueriesContext(connection) as queries:
        rows = [
            (row.score, row.listing.title) for row in search_results(user=seeker_a, search=search)
        ]
    assert len(rows) >= 3
    assert len(queries) == 1


def test_without_a_cv_listings_are_kept_unscored_then_scored_when_one_arrives(
    in_tenant_a: Tenant, seeker_a: User, curated_a: list[Listing]
) -> None:
    from jobs.radar.services import listing_scores_refresh_for_user
    from tests.radar.conftest import give_cv

    search = saved_search_create(user=seeker_a, data={"name": "Python", "keywords": "python"})
    saved_search_refresh_request(search=search)
    assert ListingScore.objects.filter(user=seeker_a).exclude(score=None).count() == 0
    assert ListingScore.objects.filter(user=seeker_a).count() > 0
    resume = give_cv(in_tenant_a, seeker_a)
    assert listing_scores_refresh_for_user(user=seeker_a) > 0
    assert not ListingScore.objects.filter(user=seeker_a, score=None).exists()
    # An edit of the CV makes every score stale; a refresh re-scores all of them.
    resume_save_edits(resume=resume, data={**(resume.data or {}), "skills": []})
    assert listing_scores_refresh_for_user(user=seeker_a) == ListingScore.objects.count()


def test_editing_the_query_forgets_old_results(
    in_tenant_a: Tenant, seeker_a: User, curated_a: list[Listing]
) -> None:
    search = saved_search_create(user=seeker_a, data={"name": "Py", "keywords": "python"})
    saved_search_refresh_request(search=search)
    assert SearchHit.objects.filter(search=search).exists()
    saved_search_update(search=search, data={"keywords": "nurse"})
    saved_search_refresh_request(search=search)
    titles = {hit.listing.title for hit in SearchHit.objects.filter(search=search)}
    assert titles == {"Registered Nurse — Intensive Care Unit"}


def test_unpublished_curated_listing_leaves_the_results(
    in_tenant_a: Tenant, seeker_a: User, curated_a: list[Listing]
) -> None:
    search = saved_search_create(user=seeker_a, data={"name": "Py", "keywords": "python"})
    saved_search_refresh_request(search=search)
    Listing.objects.filter(title="Senior Python Developer").update(is_active=False)
    saved_search_refresh_request(search=search)
    assert not SearchHit.objects.filter(search=search, listing__is_active=False).exists()


def test_worker_refresh_merges_adzuna_and_curated(
    in_tenant_a: Tenant, seeker_a: User, curated_a: list[Listing], cv_a: Resume, adzuna: FakeAdzuna
) -> None:
    adzuna.replies.append(Reply(200, recorded("search_gb_python.json")))
    search = saved_search_create(
        user=seeker_a, data={"name": "Py", "keywords": "python", "location": "London"}
    )
    assert saved_search_refresh(search_id=search.pk) == "refreshed"
    hits = SearchHit.objects.filter(search=search).select_related("listing")
    sources = {hit.listing.source for hit in hits}
    assert sources == {Source.CURATED, Source.ADZUNA}
    # Adzuna's "Brightwave Health Ltd / Senior Python Developer" is not the curated one: its
    # location differs ("Shoreditch, East London" vs "London"), so both stay; the remote one
    # and the Leeds one are new.
    assert Listing.objects.filter(source=Source.ADZUNA).count() == 3
    # A second run inside the refresh interval does nothing (idempotent beat).
    assert saved_search_refresh(search_id=search.pk) == "fresh"
    assert len(adzuna.requests) == 1


def test_worker_refresh_records_a_source_error(
    in_tenant_a: Tenant, seeker_a: User, adzuna: FakeAdzuna
) -> None:
    adzuna.replies.append(Reply(503, recorded("error_server.json")))
    search = saved_search_create(user=seeker_a, data={"name": "Py", "keywords": "python"})
    with pytest.raises(SourceUnavailable):
        saved_search_refresh(search_id=search.pk, force=True, retry_allowed=False)
    search.refresh_from_db()
    assert (search.status, search.error_code) == (SavedSearch.Status.FAILED, "source_unavailable")


def test_refresh_task_retries_retryable_errors_after_commit(
    tenant_a: Tenant, seeker_a: User, adzuna: FakeAdzuna, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobs.radar import tasks

    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(tasks.radar_refresh_search, "apply_async", lambda **kw: sent.append(kw))
    adzuna.replies.append(Reply(500, recorded("error_server.json")))
    with tenant_context(tenant_a.pk):
        search = saved_search_create(user=seeker_a, data={"name": "Py", "keywords": "python"})
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = tasks.radar_refresh_search(tenant_id=tenant_a.pk, search_id=search.pk)
    assert outcome == "retrying:source_unavailable"
    assert sent and sent[0]["kwargs"]["attempt"] == 1 and sent[0]["countdown"] == 30
    with tenant_context(tenant_a.pk):
        search.refresh_from_db()
    assert (search.status, search.error_code) == (SavedSearch.Status.QUEUED, "source_unavailable")


def test_demo_seed_gives_the_demo_seeker_scored_matches_and_is_idempotent(
    tenant_a: Tenant, seeker_a: User
) -> None:
    from jobs.radar.demo import LISTINGS, radar_demo_seed

    assert radar_demo_seed(tenant=tenant_a, seeker_email=seeker_a.email) == len(LISTINGS)
    assert radar_demo_seed(tenant=tenant_a, seeker_email=seeker_a.email) == 0
    with tenant_context(tenant_a.pk):
        search = SavedSearch.objects.get(user=seeker_a)
        best = search_results(user=seeker_a, search=search).first()
        assert best is not None and best.score is not None and best.score >= 75
        assert Resume.objects.filter(user=seeker_a).count() == 1

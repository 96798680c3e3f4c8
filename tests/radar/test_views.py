"""Job Radar pages: the search form's messages, results sorted by score, the listing page's
link out, digest settings, and the walls between users and tenants."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.radar.models import Listing, ListingScore, RadarSettings, SavedSearch
from resumes.models import Resume
from tests.conftest import client_for
from tests.radar.conftest import add_curated

pytestmark = pytest.mark.django_db


def _create(client: object, **data: object) -> object:
    payload = {"name": "Python", "country": "gb", "is_active": "on", **data}
    return client.post("/jobs/radar/searches/new/", payload)  # type: ignore[attr-defined]


def test_search_form_explains_what_to_fix_and_keeps_the_input(
    tenant_a: Tenant, seeker_a: User
) -> None:
    client = client_for(tenant_a, seeker_a)
    response = _create(client, name="", distance_km="900", salary_min="-5")
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Give the search a name" in body
    assert "Choose a distance between 1 and 500 km." in body
    assert "Ensure this value is greater than or equal to 0." in body
    response = _create(client, name="Anything")
    assert "Give some keywords or a location" in response.content.decode()  # type: ignore[attr-defined]
    response = _create(client, name="Far", keywords="python", distance_km="20")
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "A distance needs a location to measure from." in body
    assert 'value="python"' in body  # nothing lost
    with tenant_context(tenant_a.pk):
        assert not SavedSearch.objects.exists()


def test_creating_a_search_runs_it_and_lists_matches_best_first(
    tenant_a: Tenant, seeker_a: User, curated_a: list[Listing], cv_a: Resume
) -> None:
    client = client_for(tenant_a, seeker_a)
    response = _create(client, keywords="python", location="London")
    assert response.status_code == 302  # type: ignore[attr-defined]
    page = client.get(response["Location"])  # type: ignore[index]
    body = page.content.decode()
    assert page.status_code == 200
    first = body.index("Senior Python Developer")
    assert first < body.index("Backend Engineer (Python, Kubernetes)")
    assert "listings found" in body


def test_results_page_query_count_does_not_grow_with_results(
    tenant_a: Tenant, seeker_a: User, cv_a: Resume
) -> None:
    client = client_for(tenant_a, seeker_a)
    add_curated(tenant_a, ["demo-python-backend"])
    search_url = _create(client, keywords="python")["Location"]  # type: ignore[index]
    client.get(search_url)
    with CaptureQueriesContext(connection) as few:
        client.get(search_url)
    add_curated(tenant_a, ["demo-platform-engineer", "demo-django-contract", "demo-sre"])
    client.post(search_url + "run/")
    with CaptureQueriesContext(connection) as many:
        assert b"Site Reliability Engineer" in client.get(search_url).content
    assert len(many) == len(few)


def test_listing_links_out_safely_and_shows_the_score(
    tenant_a: Tenant, seeker_a: User, curated_a: list[Listing], cv_a: Resume
) -> None:
    client = client_for(tenant_a, seeker_a)
    _create(client, keywords="django")
    with tenant_context(tenant_a.pk):
        score = ListingScore.objects.filter(user=seeker_a).order_by("-score").first()
        assert score is not None
        listing = score.listing
    body = client.get(f"/jobs/radar/listings/{listing.pk}/").content.decode()
    assert (
        f'href="{listing.redirect_url}" target="_blank" rel="noopener noreferrer nofollow"' in body
    )
    assert "Why this score" in body and str(score.score) in body


def test_other_users_and_tenants_get_404(
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    admin_a: User,
    seeker_b: User,
    curated_a: list[Listing],
) -> None:
    owner = client_for(tenant_a, seeker_a)
    _create(owner, keywords="python")
    with tenant_context(tenant_a.pk):
        search = SavedSearch.objects.get()
        listing_id = ListingScore.objects.filter(user=seeker_a).values_list(
            "listing_id", flat=True
        )[0]
    paths = [
        f"/jobs/radar/searches/{search.pk}/",
        f"/jobs/radar/searches/{search.pk}/edit/",
        f"/jobs/radar/searches/{search.pk}/delete/",
        f"/jobs/radar/listings/{listing_id}/",
    ]
    same_tenant_other_user = client_for(tenant_a, admin_a)
    for path in paths:
        assert owner.get(path).status_code == 200, path
        assert same_tenant_other_user.get(path).status_code == 404, path
    assert (
        same_tenant_other_user.post(f"/jobs/radar/searches/{search.pk}/delete/").status_code == 404
    )
    assert (
        same_tenant_other_user.post(f"/jobs/radar/listings/{listing_id}/save/").status_code == 404
    )
    # Tenant B's user on B's host with A's ids: the same 404 as a missing id.
    other_tenant = client_for(tenant_b, seeker_b)
    for path in paths:
        assert other_tenant.get(path).status_code == 404, path
    with tenant_context(tenant_a.pk):
        assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_digest_settings_validate_and_save(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    response = client.post("/jobs/radar/alerts/", {"digest": "daily", "threshold": "150"})
    assert response.status_code == 400
    assert "Choose a score between 0 and 100." in response.content.decode()
    response = client.post("/jobs/radar/alerts/", {"digest": "weekly", "threshold": "80"})
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        row = RadarSettings.objects.get(user=seeker_a)
    assert (row.digest, row.threshold) == ("weekly", 80)


def test_home_without_cv_asks_for_one(tenant_a: Tenant, seeker_a: User) -> None:
    body = client_for(tenant_a, seeker_a).get("/jobs/radar/").content.decode()
    assert "upload a CV" in body and "Create your first search" in body


def test_run_now_with_adzuna_queues_the_worker_and_the_page_polls_until_done(
    tenant_a: Tenant,
    seeker_a: User,
    curated_a: list[Listing],
    adzuna: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobs.radar import tasks

    queued: list[dict[str, object]] = []
    monkeypatch.setattr(
        tasks.radar_refresh_search, "apply_async", lambda **kw: queued.append(kw["kwargs"])
    )
    client = client_for(tenant_a, seeker_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _create(client, keywords="python")
    search_url = response["Location"]  # type: ignore[index]
    with tenant_context(tenant_a.pk):
        search = SavedSearch.objects.get()
    assert search.status == SavedSearch.Status.QUEUED
    assert queued == [
        {"tenant_id": tenant_a.pk, "search_id": search.pk, "force": True, "local": False}
    ]
    page = client.get(search_url).content.decode()
    assert "Fetching the latest jobs from the job board" in page
    assert f'hx-get="/jobs/radar/searches/{search.pk}/status/"' in page
    assert "Jobs by Adzuna" in page
    status_url = f"/jobs/radar/searches/{search.pk}/status/"
    still = client.get(status_url, headers={"HX-Request": "true"})
    assert still.status_code == 200 and "Fetching" in still.content.decode()
    with tenant_context(tenant_a.pk):
        SavedSearch.objects.filter(pk=search.pk).update(status=SavedSearch.Status.IDLE)
    done = client.get(status_url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"


def test_editing_a_search_in_the_form_replaces_its_results(
    tenant_a: Tenant, seeker_a: User, curated_a: list[Listing]
) -> None:
    client = client_for(tenant_a, seeker_a)
    search_url = _create(client, keywords="python")["Location"]  # type: ignore[index]
    assert "Senior Python Developer" in client.get(search_url).content.decode()
    response = client.post(
        search_url + "edit/", {"name": "Nursing", "keywords": "nurse", "country": "gb"}
    )
    assert response.status_code == 302
    body = client.get(search_url).content.decode()
    assert "Registered Nurse" in body and "Senior Python Developer" not in body

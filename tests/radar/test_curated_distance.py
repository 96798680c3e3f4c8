"""A saved search's distance applies to curated listings that have a map position: the searched
place is located from the tenant's own mapped listings (no geocoder, no network)."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import Tenant
from jobs.radar.imports import preview_build
from jobs.radar.models import Listing, Source, WorkplaceType
from jobs.radar.sources.base import SearchQuery
from jobs.radar.sources.curated import CuratedSource, distance_km, search_anchor

pytestmark = pytest.mark.django_db

LONDON = (51.5072, -0.1276)
READING = (51.4543, -0.9781)  # ~59 km from London
BRIGHTON = (50.8225, -0.1372)  # ~76 km
MANCHESTER = (53.4808, -2.2426)  # ~262 km


def _listing(title: str, location: str, where: tuple[float, float] | None, **extra: str) -> None:
    Listing.objects.create(
        source=Source.CURATED,
        source_id=uuid.uuid4().hex,
        dedupe_key=uuid.uuid4().hex,
        title=title,
        company="Acme",
        location=location,
        description="Python developer",
        redirect_url="https://jobs.test/x",
        latitude=where[0] if where else None,
        longitude=where[1] if where else None,
        **extra,
    )


def _found(**query: object) -> list[str]:
    page = CuratedSource().search(SearchQuery(**query))  # type: ignore[arg-type]
    return sorted(item.title for item in page.listings)


@pytest.fixture
def mapped(in_tenant_a: Tenant) -> None:
    _listing("City", "London", LONDON)
    _listing("Reading", "Reading, Berkshire", READING)
    _listing("Brighton", "Brighton", BRIGHTON)
    _listing("Manchester", "Manchester", MANCHESTER)
    _listing("Unmapped London", "London (Soho)", None)
    _listing("Anywhere", "Remote", None, workplace_type=WorkplaceType.REMOTE)


def test_haversine_is_right_to_a_kilometre() -> None:
    assert round(distance_km(*LONDON, *MANCHESTER)) == 262


def test_distance_takes_in_nearby_places_and_keeps_name_and_remote_matches(mapped: None) -> None:
    assert _found(location="London", distance_km=65) == [
        "Anywhere",
        "City",
        "Reading",
        "Unmapped London",
    ]
    assert _found(location="London", distance_km=100) == [
        "Anywhere",
        "Brighton",
        "City",
        "Reading",
        "Unmapped London",
    ]


def test_without_a_distance_the_place_matches_by_name(mapped: None) -> None:
    assert _found(location="London") == ["Anywhere", "City", "Unmapped London"]


def test_a_place_with_no_mapped_listing_falls_back_to_its_name(in_tenant_a: Tenant) -> None:
    _listing("Leeds", "Leeds", None)
    _listing("Far", "York", (53.96, -1.08))
    query = SearchQuery(location="Leeds", distance_km=50)
    assert search_anchor(query) is None
    assert _found(location="Leeds", distance_km=50) == ["Leeds"]


def test_an_import_row_may_carry_a_map_position_and_needs_both_halves(
    in_tenant_a: Tenant,
) -> None:
    header = "title,company,description,url,location,latitude,longitude\n"
    preview = preview_build(
        header
        + "A,Acme,Python,https://x.test/a,London,51.5,-0.12\n"
        + "B,Acme,Python,https://x.test/b,London,51.5,\n"
        + "C,Acme,Python,https://x.test/c,London,95,1\n",
        filename="jobs.csv",
    )
    ok, half, wrong = preview.rows
    assert ok.ok and ok.cleaned is not None and ok.cleaned["latitude"] == 51.5
    assert any("latitude and longitude" in error for error in half.errors)
    assert any(error.startswith("latitude") for error in wrong.errors)

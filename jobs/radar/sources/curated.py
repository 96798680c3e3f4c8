"""The default source, no keys needed: listings the tenant's admins curate in the tenant admin
or import from CSV/JSON (jobs.radar.imports). Answers from the database of the tenant in
context, so it runs inside the request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from math import asin, cos, radians, sin, sqrt

from django.db.models import Avg, Q
from django.utils import timezone

from jobs.radar.models import ContractType, Listing, Source, WorkplaceType
from jobs.radar.sources.base import SearchPage, SearchQuery, SourceListing

# A saved search keeps at most this many curated matches (newest first).
MAX_RESULTS = 200


def listing_as_source(listing: Listing) -> SourceListing:
    return SourceListing(
        source=listing.source,
        source_id=listing.source_id,
        title=listing.title,
        company=listing.company,
        description=listing.description,
        redirect_url=listing.redirect_url,
        location=listing.location,
        area=tuple(listing.area or ()),
        country=listing.country,
        category=listing.category,
        contract_type=listing.contract_type,
        contract_time=listing.contract_time,
        workplace_type=listing.workplace_type,
        salary_min=listing.salary_min,
        salary_max=listing.salary_max,
        salary_currency=listing.salary_currency,
        salary_is_predicted=listing.salary_is_predicted,
        latitude=listing.latitude,
        longitude=listing.longitude,
        posted_at=listing.posted_at,
    )


@dataclass(frozen=True)
class Anchor:
    """Where a searched place is, and how far around it a listing may be."""

    latitude: float
    longitude: float
    radius_km: float

    def box(self) -> Q:
        """A bounding box around the anchor (indexable, cheap); `contains` is exact."""
        dlat = self.radius_km / KM_PER_DEGREE
        dlon = self.radius_km / (KM_PER_DEGREE * max(cos(radians(self.latitude)), 0.01))
        return Q(
            latitude__range=(self.latitude - dlat, self.latitude + dlat),
            longitude__range=(self.longitude - dlon, self.longitude + dlon),
        )

    def contains(self, latitude: float | None, longitude: float | None) -> bool:
        if latitude is None or longitude is None:
            return False
        return distance_km(self.latitude, self.longitude, latitude, longitude) <= self.radius_km


KM_PER_DEGREE = 111.195
EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = radians(lat1), radians(lat2)
    a = sin((phi2 - phi1) / 2) ** 2 + cos(phi1) * cos(phi2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def search_anchor(query: SearchQuery) -> Anchor | None:
    """The searched place's position, with no geocoder and no network: the centre of the
    curated listings that carry coordinates and whose location names the place (admins give
    coordinates to listings; a place the tenant has no mapped listing for has no anchor, and
    then the distance cannot apply: the place is matched by name only)."""
    place = query.location.strip()
    if not query.distance_km or not place:
        return None
    centre = Listing.objects.filter(
        source=Source.CURATED,
        location__icontains=place,
        latitude__isnull=False,
        longitude__isnull=False,
    ).aggregate(latitude=Avg("latitude"), longitude=Avg("longitude"))
    if centre["latitude"] is None or centre["longitude"] is None:
        return None
    return Anchor(
        latitude=float(centre["latitude"]),
        longitude=float(centre["longitude"]),
        radius_km=float(query.distance_km),
    )


def curated_filter(query: SearchQuery, anchor: Anchor | None = None) -> Q:
    """The saved search as a filter over curated listings. The place matches by name, remote
    jobs match any place, and with a distance and an `anchor` (see `search_anchor`) listings
    whose coordinates lie in the anchor's bounding box match too (`CuratedSource` then keeps
    only those within the exact distance)."""
    condition = Q(source=Source.CURATED, is_active=True)
    for word in query.keywords.split():
        condition &= (
            Q(title__icontains=word)
            | Q(company__icontains=word)
            | Q(description__icontains=word)
            | Q(category__icontains=word)
        )
    if query.location.strip():
        place = Q(location__icontains=query.location.strip()) | Q(
            workplace_type=WorkplaceType.REMOTE
        )
        if anchor is not None:
            place |= anchor.box()
        condition &= place
    if query.country:
        condition &= Q(country=query.country) | Q(country="")
    if query.salary_min:
        condition &= Q(salary_max__gte=query.salary_min) | Q(
            salary_max__isnull=True, salary_min__gte=query.salary_min
        )
    if query.remote_only:
        condition &= Q(workplace_type=WorkplaceType.REMOTE)
    if query.contract_type in (ContractType.PERMANENT, ContractType.CONTRACT):
        condition &= Q(contract_type=query.contract_type)
    elif query.contract_type in (ContractType.FULL_TIME, ContractType.PART_TIME):
        condition &= Q(contract_time=query.contract_type)
    if query.max_days_old:
        since = timezone.now() - timedelta(days=query.max_days_old)
        # Curated listings without a date stay until an admin unpublishes them.
        condition &= Q(posted_at__gte=since) | Q(posted_at__isnull=True)
    return condition


class CuratedSource:
    key = Source.CURATED.value
    remote = False

    def search(self, query: SearchQuery, *, page: int = 1) -> SearchPage:
        anchor = search_anchor(query)
        rows = list(
            Listing.objects.filter(curated_filter(query, anchor)).order_by("-posted_at", "-id")[
                : MAX_RESULTS * (2 if anchor else 1)
            ]
        )
        if anchor is not None:
            place = query.location.strip().casefold()
            rows = [
                row
                for row in rows
                if place in row.location.casefold()
                or row.workplace_type == WorkplaceType.REMOTE
                or anchor.contains(row.latitude, row.longitude)
            ][:MAX_RESULTS]
        return SearchPage(listings=[listing_as_source(row) for row in rows], total=len(rows))

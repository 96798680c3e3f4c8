"""The default source, no keys needed: listings the tenant's admins curate in the tenant admin
or import from CSV/JSON (jobs.radar.imports). Answers from the database of the tenant in
context, so it runs inside the request."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
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


def curated_filter(query: SearchQuery) -> Q:
    """The saved search as a filter over curated listings. Distance needs coordinates of the
    searched place, which a local source does not have: the place is matched by name, and
    remote jobs match any place."""
    condition = Q(source=Source.CURATED, is_active=True)
    for word in query.keywords.split():
        condition &= (
            Q(title__icontains=word)
            | Q(company__icontains=word)
            | Q(description__icontains=word)
            | Q(category__icontains=word)
        )
    if query.location.strip():
        condition &= Q(location__icontains=query.location.strip()) | Q(
            workplace_type=WorkplaceType.REMOTE
        )
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
        rows = list(
            Listing.objects.filter(curated_filter(query)).order_by("-posted_at", "-id")[
                :MAX_RESULTS
            ]
        )
        return SearchPage(listings=[listing_as_source(row) for row in rows], total=len(rows))

"""Listing sources behind one interface (see `base.ListingSource`)."""

from __future__ import annotations

from django.conf import settings

from jobs.radar.sources.base import ListingSource


def enabled_sources() -> list[ListingSource]:
    """The tenant's curated listings always; Adzuna when its keys are configured."""
    from jobs.radar.sources.adzuna import AdzunaSource
    from jobs.radar.sources.curated import CuratedSource

    sources: list[ListingSource] = [CuratedSource()]
    if settings.ADZUNA_APP_ID and settings.ADZUNA_APP_KEY:
        sources.append(AdzunaSource.from_settings())
    return sources

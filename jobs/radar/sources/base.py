"""The one interface every listing source implements, and the types that cross it.

A source turns a `SearchQuery` into `SourceListing`s (plain data, already normalised: no HTML,
numbers as numbers). It raises only the `SourceError` types below; the radar services never see
an HTTP library's exceptions. Adding a source (another job board) means one module implementing
`ListingSource` and one line in `jobs.radar.sources.enabled_sources`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class SearchQuery:
    keywords: str = ""
    location: str = ""
    distance_km: int | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    remote_only: bool = False
    contract_type: str = ""  # "", permanent, contract, full_time, part_time
    country: str = "gb"
    max_days_old: int | None = None
    sort_by: str = "date"  # date, salary, relevance
    results_per_page: int = 50


@dataclass(frozen=True)
class SourceListing:
    source: str
    source_id: str
    title: str
    company: str
    description: str
    redirect_url: str
    location: str = ""
    area: tuple[str, ...] = ()
    country: str = ""
    category: str = ""
    contract_type: str = ""
    contract_time: str = ""
    workplace_type: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_is_predicted: bool = False
    latitude: float | None = None
    longitude: float | None = None
    posted_at: datetime | None = None


@dataclass(frozen=True)
class SearchPage:
    listings: list[SourceListing]
    total: int | None = None
    skipped: int = 0  # results the source returned that could not be used (no title, no URL)
    notes: list[str] = field(default_factory=list)


@runtime_checkable
class ListingSource(Protocol):
    key: str
    # Local sources answer from the database in milliseconds and run inside the request;
    # remote ones run in a worker.
    remote: bool

    def search(self, query: SearchQuery, *, page: int = 1) -> SearchPage: ...


# --- errors -----------------------------------------------------------------------------------


class SourceError(Exception):
    """Base of every error a source raises. `code` is stable and shown (translated) to users."""

    code = "source_error"
    retryable = False

    def __init__(self, message: str = "", *, status: int | None = None, detail: str = "") -> None:
        super().__init__(message or self.code)
        self.status = status
        self.detail = detail


class SourceUnavailable(SourceError):
    """Network failure, timeout or a 5xx: try again later."""

    code = "source_unavailable"
    retryable = True


class SourceRateLimited(SourceError):
    """Our own token bucket is empty, or the source answered 429."""

    code = "source_rate_limited"
    retryable = True

    def __init__(self, message: str = "", *, retry_after: float = 60.0, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class SourceAuthError(SourceError):
    """The credentials were refused (401/403): an operator must fix the configuration."""

    code = "source_auth"


class SourceBadRequest(SourceError):
    """The source rejected the query (4xx), e.g. an unknown location."""

    code = "source_bad_request"


class SourceBadResponse(SourceError):
    """A 2xx whose body is not the documented shape."""

    code = "source_bad_response"
    retryable = True

"""Adzuna job search API — the only module that talks HTTP to Adzuna.

GET {ADZUNA_BASE_URL}/jobs/{country}/search/{page}?app_id=…&app_key=…&what=…
(https://developer.adzuna.com/docs/search). The request and response transforms are pure
functions (`search_params`, `parse_results`, `error_for`) apart from the one method doing I/O,
so they are tested on recorded payloads; the I/O is tested against a local fake server.

Adzuna's quirks handled here: fields may be missing from any result; titles and descriptions
carry <strong> highlight tags and HTML entities; `salary_is_predicted` is "1"/"0" (a string) or a
number; salaries are floats without a currency (it follows the country); errors come as JSON
`{"exception": "AUTH_FAIL", "display": "…", "doc": "…"}` with a 4xx/5xx status.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime
from typing import Any

import httpx2
from django.conf import settings

from jobs.radar.models import COUNTRIES, ContractType, Source, WorkplaceType, currency_for
from jobs.radar.ratelimit import TokenBucket, bucket_name
from jobs.radar.sources.base import (
    SearchPage,
    SearchQuery,
    SourceAuthError,
    SourceBadRequest,
    SourceBadResponse,
    SourceError,
    SourceListing,
    SourceRateLimited,
    SourceUnavailable,
)
from jobs.radar.text import plain_text

logger = logging.getLogger(__name__)

MAX_RESULTS_PER_PAGE = 50
DESCRIPTION_MAX = 20_000
_REMOTE = re.compile(r"\b(remote|work from home|wfh|home[- ]based|fully distributed)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_SORTS = {"date", "salary", "relevance", "hybrid"}


# --- pure transforms ----------------------------------------------------------------------------


def search_params(query: SearchQuery, *, app_id: str, app_key: str) -> dict[str, str]:
    params: dict[str, str] = {
        "app_id": app_id,
        "app_key": app_key,
        "results_per_page": str(max(1, min(query.results_per_page, MAX_RESULTS_PER_PAGE))),
        "content-type": "application/json",
    }
    if query.keywords.strip():
        params["what"] = query.keywords.strip()
    if query.location.strip():
        params["where"] = query.location.strip()
        # Adzuna ignores a distance without a place; only send it with one.
        if query.distance_km:
            params["distance"] = str(int(query.distance_km))
    if query.salary_min:
        params["salary_min"] = str(int(query.salary_min))
    if query.salary_max:
        params["salary_max"] = str(int(query.salary_max))
    if query.max_days_old:
        params["max_days_old"] = str(int(query.max_days_old))
    if query.sort_by in _SORTS:
        params["sort_by"] = query.sort_by
    if query.contract_type in (
        ContractType.PERMANENT,
        ContractType.CONTRACT,
        ContractType.FULL_TIME,
        ContractType.PART_TIME,
    ):
        params[str(query.contract_type)] = "1"
    if query.remote_only:
        # Adzuna has no remote filter: require the word in the ad.
        params["what_and"] = "remote"
    return params


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):  # NaN, infinities
        return None
    return number


def _salary(value: Any) -> int | None:
    number = _number(value)
    if number is None or number <= 0 or number > 100_000_000:
        return None
    return round(number)


def _flag(value: Any) -> bool:
    """Adzuna sends "1"/"0", 1/0 and occasionally true/false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return False


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _display_name(value: Any) -> str:
    if isinstance(value, dict):
        return plain_text(value.get("display_name") or "", max_length=200)
    return ""


def _workplace(title: str, description: str) -> str:
    text = f"{title}\n{description}"
    if _HYBRID.search(text):
        return WorkplaceType.HYBRID
    if _REMOTE.search(text):
        return WorkplaceType.REMOTE
    return ""


def _url(value: Any) -> str:
    url = str(value or "").strip()
    return url if url.startswith(("https://", "http://")) and len(url) <= 1000 else ""


def parse_result(item: Any, *, country: str) -> SourceListing | None:
    """One Adzuna result, or None when it cannot be shown (no id, title or link)."""
    if not isinstance(item, dict):
        return None
    source_id = str(item.get("id") or "").strip()[:100]
    title = plain_text(item.get("title"), max_length=200)
    redirect_url = _url(item.get("redirect_url"))
    if not (source_id and title and redirect_url):
        return None
    description = plain_text(item.get("description"), max_length=DESCRIPTION_MAX)
    location: dict[str, Any] = _mapping(item.get("location"))
    area: list[Any] = location["area"] if isinstance(location.get("area"), list) else []
    category = _mapping(item.get("category"))
    salary_min, salary_max = _salary(item.get("salary_min")), _salary(item.get("salary_max"))
    if salary_min and salary_max and salary_min > salary_max:
        salary_min, salary_max = salary_max, salary_min
    contract_type = str(item.get("contract_type") or "")
    contract_time = str(item.get("contract_time") or "")
    return SourceListing(
        source=Source.ADZUNA,
        source_id=source_id,
        title=title,
        company=_display_name(item.get("company")),
        description=description,
        redirect_url=redirect_url,
        location=_display_name(location),
        area=tuple(plain_text(part, max_length=80) for part in area if part)[:8],
        country=country,
        category=plain_text(category.get("label") or "", max_length=120),
        contract_type=contract_type if contract_type in ("permanent", "contract") else "",
        contract_time=contract_time if contract_time in ("full_time", "part_time") else "",
        workplace_type=_workplace(title, description),
        salary_min=salary_min,
        salary_max=salary_max,
        salary_currency=currency_for(country) if (salary_min or salary_max) else "",
        salary_is_predicted=_flag(item.get("salary_is_predicted")),
        latitude=_number(item.get("latitude")),
        longitude=_number(item.get("longitude")),
        posted_at=_datetime(item.get("created")),
    )


def parse_results(payload: Any, *, country: str) -> SearchPage:
    if not isinstance(payload, dict) or not isinstance(payload.get("results", []), list):
        raise SourceBadResponse("Adzuna answered without a results list.")
    listings: list[SourceListing] = []
    skipped = 0
    for item in payload.get("results") or []:
        listing = parse_result(item, country=country)
        if listing is None:
            skipped += 1
        else:
            listings.append(listing)
    count = payload.get("count")
    total = int(count) if isinstance(count, (int, float)) and not isinstance(count, bool) else None
    return SearchPage(listings=listings, total=total, skipped=skipped)


def error_for(status: int, body: bytes, headers: dict[str, str] | None = None) -> SourceError:
    """Our exception for an Adzuna error response, with its JSON error body as the detail."""
    detail = ""
    try:
        import json

        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        data = None
    if isinstance(data, dict):
        parts = [str(data.get(key) or "") for key in ("exception", "display")]
        detail = ": ".join(part for part in parts if part)
    if not detail:
        detail = plain_text(body.decode("utf-8", "replace"), max_length=200)
    message = f"Adzuna answered {status}" + (f" ({detail})" if detail else "")
    if status == 429:
        retry_after = _number((headers or {}).get("retry-after")) or 60.0
        return SourceRateLimited(message, retry_after=retry_after, status=status, detail=detail)
    if status in (401, 403):
        return SourceAuthError(message, status=status, detail=detail)
    if 400 <= status < 500:
        return SourceBadRequest(message, status=status, detail=detail)
    return SourceUnavailable(message, status=status, detail=detail)


# --- the adapter -----------------------------------------------------------------------------


class AdzunaSource:
    key = Source.ADZUNA.value
    remote = True

    def __init__(
        self,
        *,
        app_id: str,
        app_key: str,
        base_url: str,
        timeout: float = 15.0,
        calls_per_minute: int = 20,
    ) -> None:
        self.app_id = app_id
        self.app_key = app_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # One bucket per app key: every tenant's searches share the account's quota.
        self.bucket = TokenBucket(
            name=bucket_name("adzuna", f"{app_id}:{app_key}"), capacity=calls_per_minute
        )

    @classmethod
    def from_settings(cls) -> AdzunaSource:
        return cls(
            app_id=settings.ADZUNA_APP_ID,
            app_key=settings.ADZUNA_APP_KEY,
            base_url=settings.ADZUNA_BASE_URL,
            timeout=settings.ADZUNA_TIMEOUT_SECONDS,
            calls_per_minute=settings.ADZUNA_CALLS_PER_MINUTE,
        )

    def search(self, query: SearchQuery, *, page: int = 1) -> SearchPage:
        country = query.country.lower()
        if country not in COUNTRIES:
            raise SourceBadRequest(f"Adzuna does not cover the country {country!r}.")
        decision = self.bucket.take()
        if not decision.allowed:
            raise SourceRateLimited(
                "Adzuna call budget for this minute is used up.",
                retry_after=max(decision.retry_after, 1.0),
            )
        url = f"{self.base_url}/jobs/{country}/search/{max(1, int(page))}"
        params = search_params(query, app_id=self.app_id, app_key=self.app_key)
        started = time.monotonic()
        try:
            with httpx2.Client(timeout=self.timeout, follow_redirects=False) as client:
                response = client.get(url, params=params, headers={"Accept": "application/json"})
        except httpx2.TimeoutException as exc:
            raise SourceUnavailable("Adzuna did not answer in time.") from exc
        except httpx2.HTTPError as exc:
            raise SourceUnavailable(f"Adzuna could not be reached ({type(exc).__name__}).") from exc
        elapsed_ms = round((time.monotonic() - started) * 1000)
        # Never log the URL: the app key is in its query string.
        logger.info(
            "adzuna search country=%s page=%s status=%s ms=%s",
            country,
            page,
            response.status_code,
            elapsed_ms,
        )
        if response.status_code >= 400:
            raise error_for(
                response.status_code,
                response.content,
                {key.lower(): value for key, value in response.headers.items()},
            )
        try:
            payload = response.json()
        except ValueError as exc:
            raise SourceBadResponse("Adzuna answered with something that is not JSON.") from exc
        return parse_results(payload, country=country)

"""The Adzuna adapter against a fake server serving recorded responses: what goes over the
wire, how results are normalised, how errors map, and the shared rate limit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobs.radar.sources import enabled_sources
from jobs.radar.sources.adzuna import AdzunaSource, parse_result, search_params
from jobs.radar.sources.base import (
    SearchQuery,
    SourceAuthError,
    SourceBadRequest,
    SourceBadResponse,
    SourceRateLimited,
    SourceUnavailable,
)
from tests.radar.fake_adzuna import FakeAdzuna, Reply, recorded

QUERY = SearchQuery(
    keywords="python developer",
    location="London",
    distance_km=15,
    salary_min=50000,
    contract_type="permanent",
    country="gb",
    max_days_old=30,
)


def test_search_sends_documented_path_and_parameters(adzuna: FakeAdzuna) -> None:
    adzuna.replies.append(Reply(200, recorded("search_gb_python.json")))
    AdzunaSource.from_settings().search(QUERY, page=2)
    (seen,) = adzuna.requests
    assert seen.path == "/v1/api/jobs/gb/search/2"
    assert seen.query == {
        "app_id": "test-app-id",
        "app_key": "test-app-key",
        "results_per_page": "50",
        "content-type": "application/json",
        "what": "python developer",
        "where": "London",
        "distance": "15",
        "salary_min": "50000",
        "max_days_old": "30",
        "sort_by": "date",
        "permanent": "1",
    }


def test_params_remote_and_part_time_and_no_distance_without_place() -> None:
    params = search_params(
        SearchQuery(keywords="nurse", distance_km=10, remote_only=True, contract_type="part_time"),
        app_id="i",
        app_key="k",
    )
    assert params["part_time"] == "1"
    assert params["what_and"] == "remote"
    assert "distance" not in params and "where" not in params


def test_recorded_results_are_normalised(adzuna: FakeAdzuna) -> None:
    adzuna.replies.append(Reply(200, recorded("search_gb_python.json")))
    page = AdzunaSource.from_settings().search(QUERY)
    assert page.total == 4213
    assert page.skipped == 2  # no title; no redirect URL
    first, second, third = page.listings
    # Highlight tags and entities stripped, text kept.
    assert first.title == "Senior Python Developer"
    assert "<strong>" not in first.description
    assert "PostgreSQL & Docker" in first.description
    assert first.description.endswith("Shoreditch…")
    assert first.company == "Brightwave Health Ltd"
    assert first.location == "Shoreditch, East London"
    assert first.area == ("UK", "London", "East London", "Shoreditch")
    assert (first.salary_min, first.salary_max, first.salary_currency) == (70000, 85000, "GBP")
    assert first.salary_is_predicted is False  # "0" as a string
    assert first.contract_type == "permanent" and first.contract_time == "full_time"
    assert first.workplace_type == "hybrid"
    assert first.posted_at == datetime(2026, 11, 23, 8, 14, 52, tzinfo=UTC)
    assert (first.latitude, first.longitude) == (51.5265, -0.0798)
    # Numeric id, float salary, predicted as the number 1, remote from the text.
    assert second.source_id == "4962554120"
    assert (second.salary_min, second.salary_max) == (58312, 58312)
    assert second.salary_is_predicted is True
    assert second.workplace_type == "remote"
    # Missing company, salary, category, coordinates: empty, not an error.
    assert third.company == "" and third.salary_min is None and third.salary_currency == ""
    assert third.category == "" and third.latitude is None
    assert third.salary_is_predicted is True  # "1" as a string
    assert third.contract_time == "part_time" and third.contract_type == ""


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("0", False), (1, True), (0, False), ("true", True)]
)
def test_salary_is_predicted_as_number_or_string(raw: object, expected: bool) -> None:
    item = {
        "id": "1",
        "title": "T",
        "redirect_url": "https://x.test/1",
        "salary_is_predicted": raw,
    }
    listing = parse_result(item, country="gb")
    assert listing is not None and listing.salary_is_predicted is expected


def test_script_in_description_is_reduced_to_text() -> None:
    item = {
        "id": "9",
        "title": "<b>Dev</b>",
        "description": "<script>alert(1)</script>&lt;img src=x onerror=alert(1)&gt; Python",
        "redirect_url": "https://x.test/9",
    }
    listing = parse_result(item, country="gb")
    assert listing is not None
    assert "<script>" not in listing.description and listing.title == "Dev"


def test_non_http_redirect_url_is_refused() -> None:
    item = {"id": "9", "title": "Dev", "redirect_url": "javascript:alert(1)"}
    assert parse_result(item, country="gb") is None


@pytest.mark.parametrize(
    ("status", "body", "error", "detail"),
    [
        (401, "error_auth.json", SourceAuthError, "AUTH_FAIL: Authorisation failed"),
        (403, "error_auth.json", SourceAuthError, "AUTH_FAIL: Authorisation failed"),
        (400, "error_bad_request.json", SourceBadRequest, "UNSUPPORTED_COUNTRY"),
        (500, "error_server.json", SourceUnavailable, "INTERNAL_ERROR: Internal error"),
        (503, "error_server.json", SourceUnavailable, "INTERNAL_ERROR"),
    ],
)
def test_error_statuses_map_to_our_exceptions_with_the_error_body(
    adzuna: FakeAdzuna, status: int, body: str, error: type[Exception], detail: str
) -> None:
    adzuna.replies.append(Reply(status, recorded(body)))
    with pytest.raises(error) as raised:
        AdzunaSource.from_settings().search(QUERY)
    assert detail in raised.value.detail  # type: ignore[attr-defined]
    assert raised.value.status == status  # type: ignore[attr-defined]


def test_429_is_rate_limited_with_retry_after(adzuna: FakeAdzuna) -> None:
    adzuna.replies.append(
        Reply(429, {"exception": "TOO_MANY_REQUESTS"}, headers={"Retry-After": "42"})
    )
    with pytest.raises(SourceRateLimited) as raised:
        AdzunaSource.from_settings().search(QUERY)
    assert raised.value.retry_after == 42


def test_html_error_page_and_non_json_success(adzuna: FakeAdzuna) -> None:
    adzuna.replies.append(Reply(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"))
    with pytest.raises(SourceUnavailable) as raised:
        AdzunaSource.from_settings().search(QUERY)
    assert raised.value.detail == "502 Bad Gateway"
    adzuna.replies.append(Reply(200, "not json"))
    with pytest.raises(SourceBadResponse):
        AdzunaSource.from_settings().search(QUERY)


def test_timeout_and_unreachable_are_unavailable(adzuna: FakeAdzuna, settings: object) -> None:
    settings.ADZUNA_TIMEOUT_SECONDS = 0.2  # type: ignore[attr-defined]
    adzuna.replies.append(Reply(200, recorded("search_gb_python.json"), delay=1.0))
    with pytest.raises(SourceUnavailable):
        AdzunaSource.from_settings().search(QUERY)
    settings.ADZUNA_BASE_URL = "http://127.0.0.1:9/v1/api"  # type: ignore[attr-defined]
    with pytest.raises(SourceUnavailable):
        AdzunaSource.from_settings().search(QUERY)


def test_rate_limit_is_shared_per_app_key_and_stops_before_calling(
    adzuna: FakeAdzuna, settings: object
) -> None:
    settings.ADZUNA_CALLS_PER_MINUTE = 2  # type: ignore[attr-defined]
    adzuna.default = Reply(200, recorded("search_gb_python.json"))
    # Two adapter instances (two workers) share one bucket: it lives in Redis.
    AdzunaSource.from_settings().search(QUERY)
    AdzunaSource.from_settings().search(QUERY)
    with pytest.raises(SourceRateLimited) as raised:
        AdzunaSource.from_settings().search(QUERY)
    assert 0 < raised.value.retry_after <= 31
    assert len(adzuna.requests) == 2
    # Another app key has its own budget.
    settings.ADZUNA_APP_KEY = "other-key"  # type: ignore[attr-defined]
    AdzunaSource.from_settings().search(QUERY)
    assert len(adzuna.requests) == 3


def test_unknown_country_is_refused_without_a_call(adzuna: FakeAdzuna) -> None:
    with pytest.raises(SourceBadRequest):
        AdzunaSource.from_settings().search(SearchQuery(keywords="x", country="xx"))
    assert adzuna.requests == []


def test_adzuna_is_enabled_only_with_keys(settings: object) -> None:
    settings.ADZUNA_APP_ID = ""  # type: ignore[attr-defined]
    assert [source.key for source in enabled_sources()] == ["curated"]
    settings.ADZUNA_APP_ID = "id"  # type: ignore[attr-defined]
    settings.ADZUNA_APP_KEY = "key"  # type: ignore[attr-defined]
    assert [source.key for source in enabled_sources()] == ["curated", "adzuna"]

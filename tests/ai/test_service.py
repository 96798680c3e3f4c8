"""ai_complete: provider order, retries with backoff, fallback, usage rows, redaction on the
wire, per-tenant overrides and the local engine."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from accounts.models import Tenant, User
from jobmentis.ai.exceptions import (
    AINotConfigured,
    AIRateLimited,
)
from jobmentis.ai.models import AIUsageEvent, TenantAISettings
from jobmentis.ai.providers import local
from jobmentis.ai.selectors import ai_usage_totals
from jobmentis.ai.services import ai_complete, backoff_delay
from jobmentis.ai.types import AIDocument, AIRequest
from jobmentis.tenancy.context import TenantContextMissing, tenant_context
from tests.ai.conftest import CV_SCHEMA, VENDORS, Vendor
from tests.ai.fakes import FakeAIServer, anthropic_error, anthropic_ok, gemini_ok

GOOD = {"name": "Ada Lovelace", "email": None, "summary": "Analyst."}
ANTHROPIC, GEMINI = VENDORS["anthropic"], VENDORS["gemini"]


def make_request(text: str = "Ada Lovelace\nAnalyst.", **kwargs: Any) -> AIRequest:
    return AIRequest(
        feature="cv.extract",
        instructions="Extract the CV.",
        output_schema=CV_SCHEMA,
        documents=[AIDocument("cv", text)],
        **kwargs,
    )


def attempts() -> list[tuple[str, str, str]]:
    rows = AIUsageEvent.objects.order_by("id")
    return [(row.provider, row.status, row.error_type) for row in rows]


@pytest.fixture
def local_extractor() -> Any:
    seen: list[AIRequest] = []

    def handler(request: AIRequest) -> dict[str, Any]:
        seen.append(request)
        first, *rest = request.document("cv").splitlines()
        return {"name": first, "email": None, "summary": " ".join(rest)}

    # override() restores the app's own registration (the resumes app registers cv.extract).
    with local.override("cv.extract", handler):
        yield seen


# --- Local engine ------------------------------------------------------------------------------


def test_local_engine_is_the_default_and_needs_no_key(
    settings: Any, in_tenant: Tenant, seeker_a: User, local_extractor: list[AIRequest]
) -> None:
    settings.AI_API_KEYS = {"anthropic": "", "openai": "", "gemini": ""}
    result = ai_complete(request=make_request(), user_id=seeker_a.pk)
    assert result.data == GOOD
    assert (result.provider, result.cost_usd) == ("local", Decimal("0"))
    row = AIUsageEvent.objects.get()
    assert (row.user_id, row.feature, row.provider, row.status) == (
        seeker_a.pk,
        "cv.extract",
        "local",
        "ok",
    )


def test_local_engine_is_deterministic(
    ai_settings: Any, in_tenant: Tenant, local_extractor: list[AIRequest]
) -> None:
    first = ai_complete(request=make_request(), user_id=None)
    second = ai_complete(request=make_request(), user_id=None)
    assert first.data == second.data


def test_local_engine_sees_the_original_text(
    ai_settings: Any, in_tenant: Tenant, local_extractor: list[AIRequest]
) -> None:
    ai_complete(request=make_request("Ada\nada@example.com +44 20 7946 0958"), user_id=None)
    assert local_extractor[0].document("cv") == "Ada\nada@example.com +44 20 7946 0958"


def test_unregistered_feature_on_local_engine_is_not_configured(
    ai_settings: Any, in_tenant: Tenant
) -> None:
    request = AIRequest(feature="coach.unknown", instructions="x", output_schema=CV_SCHEMA)
    with pytest.raises(AINotConfigured, match=r"no handler for feature 'coach\.unknown'"):
        ai_complete(request=request, user_id=None)
    assert attempts() == [("local", "error", "AINotConfigured")]


def test_no_usable_provider_is_not_configured(ai_settings: Any, in_tenant: Tenant) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic"]
    ai_settings.AI_API_KEYS = {"anthropic": ""}
    with pytest.raises(AINotConfigured):
        ai_complete(request=make_request(), user_id=None)


def test_providers_without_a_key_are_skipped(
    ai_settings: Any,
    fake_server: FakeAIServer,
    in_tenant: Tenant,
    local_extractor: list[AIRequest],
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic", "local"]
    ai_settings.AI_API_KEYS = {"anthropic": ""}
    assert ai_complete(request=make_request(), user_id=None).provider == "local"
    assert fake_server.requests == []


def test_a_tenant_context_is_required(ai_settings: Any, db: None) -> None:
    with pytest.raises(TenantContextMissing):
        ai_complete(request=make_request(), user_id=None)


# --- Retries, backoff and fallback -------------------------------------------------------------


def test_rate_limit_and_outage_are_retried_with_backoff_and_every_attempt_is_recorded(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic"]
    fake_server.queue(
        anthropic_error(429, "rate_limit_error", {"retry-after": "2"}),
        anthropic_error(500, "api_error"),
        anthropic_ok(json.dumps(GOOD), input_tokens=1000, output_tokens=500),
    )
    result = ai_complete(request=make_request(), user_id=None, sleep=sleeps.append)

    assert result.data == GOOD
    assert sleeps[0] == 2.0  # the server's retry-after is honoured
    assert 1.0 <= sleeps[1] <= 2.0  # second retry: 2 s ceiling, equal jitter
    assert attempts() == [
        ("anthropic", "error", "AIRateLimited"),
        ("anthropic", "error", "AIUnavailable"),
        ("anthropic", "ok", ""),
    ]
    ok = AIUsageEvent.objects.get(status="ok")
    assert (ok.input_tokens, ok.output_tokens, ok.model) == (1000, 500, "claude-sonnet-4-6")
    # 1000 x $3/M + 500 x $15/M
    assert ok.cost_usd == Decimal("0.010500") == result.cost_usd


def test_persistent_outage_falls_back_to_the_next_provider(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic", "gemini"]
    fake_server.queue(
        anthropic_error(503, "overloaded_error"),
        anthropic_error(529, "overloaded_error"),
        anthropic_error(500, "api_error"),
        gemini_ok(json.dumps(GOOD), input_tokens=2000, output_tokens=100),
    )
    result = ai_complete(request=make_request(), user_id=None, sleep=sleeps.append)

    assert (result.provider, result.data) == ("gemini", GOOD)
    assert len(sleeps) == 2  # AI_MAX_ATTEMPTS=3 on anthropic: two waits, then fall back
    assert attempts() == [
        ("anthropic", "error", "AIUnavailable"),
        ("anthropic", "error", "AIUnavailable"),
        ("anthropic", "error", "AIUnavailable"),
        ("gemini", "ok", ""),
    ]
    # 2000 x $0.30/M + 100 x $2.50/M
    assert AIUsageEvent.objects.get(status="ok").cost_usd == Decimal("0.000850")


def test_invalid_request_is_not_retried_on_the_same_provider(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic", "gemini"]
    fake_server.queue(anthropic_error(400, "invalid_request_error"), gemini_ok(json.dumps(GOOD)))
    result = ai_complete(request=make_request(), user_id=None, sleep=sleeps.append)
    assert result.provider == "gemini"
    assert sleeps == []
    assert attempts() == [("anthropic", "error", "AIInvalidRequest"), ("gemini", "ok", "")]


def test_invalid_output_is_retried_once_then_falls_back(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic", "gemini"]
    fake_server.queue(
        anthropic_ok("not json", input_tokens=10, output_tokens=3),
        anthropic_ok('{"name": 1}'),
        gemini_ok(json.dumps(GOOD)),
    )
    result = ai_complete(request=make_request(), user_id=None, sleep=sleeps.append)
    assert result.provider == "gemini"
    assert attempts() == [
        ("anthropic", "error", "AIInvalidOutput"),
        ("anthropic", "error", "AIInvalidOutput"),
        ("gemini", "ok", ""),
    ]
    failed = AIUsageEvent.objects.filter(status="error").order_by("id").first()
    assert failed is not None
    # A malformed answer still consumed tokens: they are recorded and priced.
    assert (failed.input_tokens, failed.output_tokens) == (10, 3)
    assert failed.cost_usd == Decimal("0.000075")


def test_invalid_output_retry_succeeds_on_the_same_provider(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic", "gemini"]
    fake_server.queue(anthropic_ok("{oops"), anthropic_ok(json.dumps(GOOD)))
    assert ai_complete(request=make_request(), user_id=None, sleep=sleeps.append).provider == (
        "anthropic"
    )


def test_too_long_retry_after_falls_back_without_waiting(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic", "gemini"]
    fake_server.queue(
        anthropic_error(429, "rate_limit_error", {"retry-after": "600"}),
        gemini_ok(json.dumps(GOOD)),
    )
    assert ai_complete(request=make_request(), user_id=None, sleep=sleeps.append).provider == (
        "gemini"
    )
    assert sleeps == []


def test_timeouts_are_retried_then_the_last_error_is_raised(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["gemini"]
    ai_settings.AI_TIMEOUT_SECONDS = 0.15
    ai_settings.AI_MAX_ATTEMPTS = 2
    slow = gemini_ok(json.dumps(GOOD))
    slow.delay = 0.5
    fake_server.queue(slow, gemini_ok(json.dumps(GOOD)))
    # The first attempt times out; the retry succeeds.
    result = ai_complete(request=make_request(), user_id=None, sleep=sleeps.append)
    assert result.provider == "gemini"
    assert attempts() == [("gemini", "error", "AITimeout"), ("gemini", "ok", "")]
    assert len(sleeps) == 1


def test_all_providers_failing_raises_the_last_error(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant, sleeps: list[float]
) -> None:
    ai_settings.AI_PROVIDERS = ["gemini", "anthropic"]
    ai_settings.AI_MAX_ATTEMPTS = 1
    fake_server.queue(
        VENDORS["gemini"].error(500, "INTERNAL"), anthropic_error(429, "rate_limit_error")
    )
    with pytest.raises(AIRateLimited):
        ai_complete(request=make_request(), user_id=None, sleep=sleeps.append)
    assert attempts() == [
        ("gemini", "error", "AIUnavailable"),
        ("anthropic", "error", "AIRateLimited"),
    ]


def test_backoff_grows_exponentially_with_jitter_and_is_capped(settings: Any) -> None:
    settings.AI_BACKOFF_BASE_SECONDS = 1.0
    settings.AI_BACKOFF_MAX_SECONDS = 5.0
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (9, 5.0)]:
        delays = {backoff_delay(attempt) for _ in range(20)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1  # jittered
    assert backoff_delay(3, retry_after=0.25) == 0.25


# --- Redaction on the wire ---------------------------------------------------------------------

CV_WITH_PII = (
    "Ada Lovelace\n"
    "ada.lovelace@example.com · +44 20 7946 0958 · +39 333 123 4567\n"
    "https://www.linkedin.com/in/ada-lovelace · github.com/ada\n"
    "12 rue de la Paix, 75002 Paris\n"
    "Data analyst at Acme, 2019 \u2013 2023, salary €45,000."
)
PII = [
    "ada.lovelace@example.com",
    "7946",
    "333 123",
    "linkedin.com",
    "github.com",
    "rue de la Paix",
]


def test_identifiers_never_reach_an_external_provider_and_are_restored_in_the_result(
    vendor: Vendor, ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant
) -> None:
    ai_settings.AI_PROVIDERS = [vendor.name]
    answer = {
        "name": "Ada Lovelace",
        "email": "[EMAIL_1]",
        "summary": "Call [PHONE_1] or [PHONE_2]; see [URL_1], [URL_2]; lives at [ADDRESS_1].",
    }
    fake_server.queue(vendor.ok(json.dumps(answer)))
    result = ai_complete(request=make_request(CV_WITH_PII), user_id=None)

    wire = fake_server.requests[0].raw
    for value in PII:
        assert value not in wire
    # Dates and salaries are not identifiers: the model still sees them.
    assert "2019 \u2013 2023" in json.dumps(fake_server.requests[0].json, ensure_ascii=False)
    assert "€45,000" in json.dumps(fake_server.requests[0].json, ensure_ascii=False)
    assert result.data == {
        "name": "Ada Lovelace",
        "email": "ada.lovelace@example.com",
        "summary": (
            "Call +44 20 7946 0958 or +39 333 123 4567; see "
            "https://www.linkedin.com/in/ada-lovelace, github.com/ada; "
            "lives at 12 rue de la Paix."
        ),
    }
    assert "[EMAIL_1]" in result.raw_text  # raw_text is what the provider said


def test_identifiers_the_task_needs_are_sent(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic"]
    fake_server.queue(anthropic_ok(json.dumps(GOOD)))
    request = make_request(CV_WITH_PII, keep_identifiers=frozenset({"email"}))
    ai_complete(request=request, user_id=None)
    wire = fake_server.requests[0].raw
    assert "ada.lovelace@example.com" in wire
    assert "7946" not in wire


# --- Tenant overrides and usage totals ---------------------------------------------------------


def test_tenant_override_sets_provider_order_and_model(
    ai_settings: Any, fake_server: FakeAIServer, in_tenant: Tenant
) -> None:
    ai_settings.AI_PROVIDERS = ["anthropic", "local"]
    TenantAISettings.objects.create(provider_order="gemini, anthropic", gemini_model="gemini-x")
    fake_server.queue(gemini_ok(json.dumps(GOOD)))
    result = ai_complete(request=make_request(), user_id=None)
    assert result.provider == "gemini"
    assert fake_server.requests[0].path.endswith("/models/gemini-x:generateContent")


def test_one_tenants_override_does_not_apply_to_another(
    ai_settings: Any,
    fake_server: FakeAIServer,
    tenant_a: Tenant,
    tenant_b: Tenant,
    local_extractor: list[AIRequest],
) -> None:
    with tenant_context(tenant_a.pk):
        TenantAISettings.objects.create(provider_order="anthropic")
    with tenant_context(tenant_b.pk):
        assert ai_complete(request=make_request(), user_id=None).provider == "local"
        assert AIUsageEvent.objects.count() == 1
    with tenant_context(tenant_a.pk):
        assert AIUsageEvent.objects.count() == 0
    assert fake_server.requests == []


def test_unknown_provider_in_tenant_order_is_rejected_by_validation(in_tenant: Tenant) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="mistral"):
        TenantAISettings(provider_order="anthropic, mistral").full_clean()


def test_usage_totals_per_user_feature_and_month(
    in_tenant: Tenant, seeker_a: User, admin_a: User
) -> None:
    november = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)
    october = dt.datetime(2026, 10, 31, 23, tzinfo=dt.UTC)

    def event(user: User, feature: str, when: dt.datetime, cost: str, status: str = "ok") -> None:
        AIUsageEvent.objects.create(
            user=user,
            feature=feature,
            provider="anthropic",
            model="claude-sonnet-4-6",
            input_tokens=100,
            output_tokens=10,
            cost_usd=Decimal(cost),
            status=status,
            created_at=when,
        )

    event(seeker_a, "cv.extract", november, "0.010000")
    event(seeker_a, "cv.extract", november, "0.002000", status="error")
    event(seeker_a, "cv.optimise", november, "0.100000")
    event(seeker_a, "cv.extract", october, "0.500000")
    event(admin_a, "cv.extract", november, "1.000000")

    totals = ai_usage_totals(user_id=seeker_a.pk, month=dt.date(2026, 11, 25))
    assert [(t.feature, t.calls, t.attempts, t.input_tokens, t.cost_usd) for t in totals] == [
        ("cv.extract", 1, 2, 200, Decimal("0.012000")),
        ("cv.optimise", 1, 1, 100, Decimal("0.100000")),
    ]
    assert {t.month for t in totals} == {dt.date(2026, 11, 1)}
    everyone = ai_usage_totals(feature="cv.extract")
    assert sorted((t.month, t.user_id, t.cost_usd) for t in everyone) == sorted(
        [
            (dt.date(2026, 10, 1), seeker_a.pk, Decimal("0.500000")),
            (dt.date(2026, 11, 1), seeker_a.pk, Decimal("0.012000")),
            (dt.date(2026, 11, 1), admin_a.pk, Decimal("1.000000")),
        ]
    )

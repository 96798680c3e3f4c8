"""Each real SDK against the fake server in its vendor's wire format: results, usage, and the
mapping of every failure onto our exception types."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils.module_loading import import_string

from jobmentis.ai.exceptions import (
    AIInvalidOutput,
    AIInvalidRequest,
    AIRateLimited,
    AITimeout,
    AIUnavailable,
)
from jobmentis.ai.providers.base import Provider, ProviderConfig
from jobmentis.ai.services import PROVIDER_CLASSES
from jobmentis.ai.types import AIDocument, AIRequest
from tests.ai.conftest import CV_SCHEMA, Vendor
from tests.ai.fakes import FakeAIServer, FakeReply

GOOD = {"name": "Ada Lovelace", "email": None, "summary": "Analyst."}


def make_request() -> AIRequest:
    return AIRequest(
        feature="cv.extract",
        instructions="Extract the CV.",
        output_schema=CV_SCHEMA,
        documents=[AIDocument("cv", "Ada Lovelace\nAnalyst.")],
        max_output_tokens=512,
    )


def provider_for(vendor: Vendor, server: FakeAIServer, *, timeout: float = 5.0) -> Provider:
    provider_class = import_string(PROVIDER_CLASSES[vendor.name])
    config = ProviderConfig(
        name=vendor.name,
        model="test-model",
        api_key="test-key",
        base_url=server.url + vendor.path_suffix,
        timeout=timeout,
    )
    return provider_class(config)  # type: ignore[no-any-return]


def test_success_returns_validated_data_and_token_usage(
    vendor: Vendor, fake_server: FakeAIServer
) -> None:
    fake_server.queue(vendor.ok(json.dumps(GOOD), input_tokens=321, output_tokens=45))
    result = provider_for(vendor, fake_server).complete(make_request())
    assert result.data == GOOD
    assert result.provider == vendor.name
    assert (result.input_tokens, result.output_tokens) == (321, 45)
    assert result.raw_text == json.dumps(GOOD)
    assert result.latency_ms >= 0
    assert len(fake_server.requests) == 1  # the SDK did not retry on its own
    assert fake_server.requests[0].headers  # a real HTTP request reached the server


def test_request_asks_for_schema_constrained_json_output(
    vendor: Vendor, fake_server: FakeAIServer
) -> None:
    fake_server.queue(vendor.ok(json.dumps(GOOD)))
    provider_for(vendor, fake_server).complete(make_request())
    body = fake_server.requests[0].json
    if vendor.name == "anthropic":
        assert body["output_config"]["format"] == {"type": "json_schema", "schema": CV_SCHEMA}
        assert body["max_tokens"] == 512
    elif vendor.name == "openai":
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["strict"] is True
        assert body["response_format"]["json_schema"]["schema"] == CV_SCHEMA
        assert body["max_completion_tokens"] == 512
    else:
        config = body["generationConfig"]
        assert config["responseMimeType"] == "application/json"
        assert config["responseJsonSchema"] == CV_SCHEMA
        assert config["maxOutputTokens"] == 512
        assert fake_server.requests[0].path.endswith("/models/test-model:generateContent")


def test_malformed_json_in_model_output_is_invalid_output_with_its_token_cost(
    vendor: Vendor, fake_server: FakeAIServer
) -> None:
    fake_server.queue(vendor.ok('{"name": "Ada", "summary": ', input_tokens=50, output_tokens=7))
    with pytest.raises(AIInvalidOutput, match="not valid JSON") as excinfo:
        provider_for(vendor, fake_server).complete(make_request())
    assert (excinfo.value.input_tokens, excinfo.value.output_tokens) == (50, 7)
    assert excinfo.value.provider == vendor.name


def test_schema_invalid_output_is_invalid_output(vendor: Vendor, fake_server: FakeAIServer) -> None:
    fake_server.queue(vendor.ok(json.dumps({"name": "Ada", "summary": 42, "email": None})))
    with pytest.raises(AIInvalidOutput, match="summary"):
        provider_for(vendor, fake_server).complete(make_request())


@pytest.mark.parametrize(
    ("status", "kind_attr", "expected"),
    [
        (429, "rate_limited", AIRateLimited),
        (500, "server_error", AIUnavailable),
        (503, "unavailable", AIUnavailable),
        (400, "bad_request", AIInvalidRequest),
        (401, "unauthenticated", AIInvalidRequest),
    ],
)
def test_http_errors_map_onto_our_exceptions(
    vendor: Vendor,
    fake_server: FakeAIServer,
    status: int,
    kind_attr: str,
    expected: type[Exception],
) -> None:
    fake_server.queue(vendor.error(status, getattr(vendor, kind_attr)))
    with pytest.raises(expected) as excinfo:
        provider_for(vendor, fake_server).complete(make_request())
    assert type(excinfo.value) is expected
    assert len(fake_server.requests) == 1  # SDK retries are off: we own the retry policy


def test_rate_limit_exposes_retry_after(vendor: Vendor, fake_server: FakeAIServer) -> None:
    fake_server.queue(vendor.error(429, vendor.rate_limited, {"retry-after": "7"}))
    with pytest.raises(AIRateLimited) as excinfo:
        provider_for(vendor, fake_server).complete(make_request())
    assert excinfo.value.retry_after == 7.0


def test_slow_server_is_a_timeout(vendor: Vendor, fake_server: FakeAIServer) -> None:
    fake_server.queue(FakeReply(200, vendor.ok(json.dumps(GOOD)).body, delay=0.6))
    with pytest.raises(AITimeout):
        provider_for(vendor, fake_server, timeout=0.15).complete(make_request())


def test_connection_refused_is_unavailable(vendor: Vendor, fake_server: FakeAIServer) -> None:
    provider = provider_for(vendor, fake_server)
    fake_server.stop()
    with pytest.raises(AIUnavailable):
        provider.complete(make_request())


def test_non_json_error_body_still_maps_by_status(
    vendor: Vendor, fake_server: FakeAIServer
) -> None:
    fake_server.queue(FakeReply(502, "<html>Bad gateway</html>"))
    with pytest.raises(AIUnavailable):
        provider_for(vendor, fake_server).complete(make_request())


def test_build_payload_is_pure_and_repeatable(vendor: Vendor, fake_server: FakeAIServer) -> None:
    provider = provider_for(vendor, fake_server)
    first: Any = provider.build_payload(make_request())
    assert first == provider.build_payload(make_request())
    assert fake_server.requests == []

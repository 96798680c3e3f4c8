"""Request validation, output validation, cost estimates and the OpenAI strict-mode switch."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest

from jobmentis.ai.exceptions import AIInvalidOutput
from jobmentis.ai.output import output_parse_json
from jobmentis.ai.pricing import usage_cost
from jobmentis.ai.providers.base import ProviderConfig
from jobmentis.ai.providers.openai import OpenAIProvider, strict_compatible
from jobmentis.ai.types import AIDocument, AIRequest
from tests.ai.conftest import CV_SCHEMA


def test_request_refuses_an_invalid_schema() -> None:
    with pytest.raises(ValueError, match="not a valid JSON Schema"):
        AIRequest(feature="x", instructions="x", output_schema={"type": "object", "required": 1})


def test_request_refuses_a_non_object_schema() -> None:
    with pytest.raises(ValueError, match="must describe an object"):
        AIRequest(feature="x", instructions="x", output_schema={"type": "array"})


@pytest.mark.parametrize("name", ["CV", 'cv" onload="x', "", "a b", "</document>"])
def test_document_names_are_plain_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="Document name"):
        AIDocument(name, "text")


def test_request_refuses_duplicate_document_names_and_unknown_identifier_kinds() -> None:
    with pytest.raises(ValueError, match="unique"):
        AIRequest(
            feature="x",
            instructions="x",
            output_schema=CV_SCHEMA,
            documents=[AIDocument("cv", "a"), AIDocument("cv", "b")],
        )
    with pytest.raises(ValueError, match="passport"):
        AIRequest(
            feature="x",
            instructions="x",
            output_schema=CV_SCHEMA,
            keep_identifiers=frozenset({"passport"}),
        )


def test_request_is_immutable_and_documents_are_a_tuple() -> None:
    request = AIRequest(
        feature="x", instructions="x", output_schema=CV_SCHEMA, documents=[AIDocument("cv", "a")]
    )
    assert request.documents == (AIDocument("cv", "a"),)
    assert request.document("cv") == "a"
    assert request.document("job") == ""
    with pytest.raises(AttributeError):
        request.feature = "y"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid JSON"),
        ("[1, 2]", "Expected a JSON object"),
        ('{"name": "Ada"}', "'email' is a required property"),
        ('{"name": "Ada", "email": null, "summary": "x"} trailing', "not valid JSON"),
    ],
)
def test_output_must_be_one_schema_valid_object(text: str, message: str) -> None:
    with pytest.raises(AIInvalidOutput, match=message):
        output_parse_json(text, CV_SCHEMA)


def test_output_in_a_json_code_fence_is_accepted() -> None:
    fenced = '```json\n{"name": "Ada", "email": null, "summary": "x"}\n```'
    assert output_parse_json(fenced, CV_SCHEMA)["name"] == "Ada"


def test_cost_uses_the_price_table_and_dated_model_ids(settings: Any) -> None:
    settings.AI_PRICES = {
        "anthropic": {
            "claude-sonnet-4": {"input_per_mtok": 100.0, "output_per_mtok": 100.0},
            "claude-sonnet-4-6": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
        }
    }
    cost = usage_cost(
        provider="anthropic",
        model="claude-sonnet-4-6-20260217",
        input_tokens=1_000_000,
        output_tokens=2_000_000,
    )
    assert cost == Decimal("33.000000")  # the longest matching prefix wins


def test_unpriced_model_costs_zero_with_a_warning(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.AI_PRICES = {"openai": {}}
    with caplog.at_level(logging.WARNING, logger="jobmentis.ai.pricing"):
        cost = usage_cost(provider="openai", model="gpt-9", input_tokens=10, output_tokens=10)
    assert cost == Decimal("0")
    assert "gpt-9" in caplog.text
    assert usage_cost(provider="local", model="local", input_tokens=5, output_tokens=5) == 0


def test_openai_strict_mode_only_for_strict_compatible_schemas() -> None:
    loose = {"type": "object", "properties": {"name": {"type": "string"}}}
    nested_loose = {
        "type": "object",
        "properties": {
            "work": {
                "type": "array",
                "items": {"type": "object", "properties": {"company": {"type": "string"}}},
            }
        },
        "required": ["work"],
        "additionalProperties": False,
    }
    assert strict_compatible(CV_SCHEMA) is True
    assert strict_compatible(loose) is False
    assert strict_compatible(nested_loose) is False

    provider = OpenAIProvider(ProviderConfig(name="openai", model="gpt-5-mini"))
    for schema, strict in [(CV_SCHEMA, True), (loose, False)]:
        request = AIRequest(feature="cv.extract", instructions="x", output_schema=schema)
        payload = provider.build_payload(request)
        assert payload["response_format"]["json_schema"]["strict"] is strict
        assert payload["response_format"]["json_schema"]["name"] == "cv_extract"
        assert "temperature" not in payload  # provider default unless the request sets one


def test_local_override_restores_the_previous_handler() -> None:
    from jobmentis.ai.providers import local

    def original(request: AIRequest) -> dict[str, Any]:
        return {}

    def replacement(request: AIRequest) -> dict[str, Any]:
        return {}

    local.register("test.override", original)
    try:
        with local.override("test.override", replacement):
            assert local.handler_for("test.override") is replacement
        assert local.handler_for("test.override") is original
    finally:
        local.unregister("test.override")
    with local.override("test.fresh", replacement):
        assert "test.fresh" in local.registered_features()
    assert local.handler_for("test.fresh") is None


@pytest.mark.parametrize(
    ("model", "sent"), [("gpt-4.1-mini", True), ("gpt-5-mini", False), ("o4-mini", False)]
)
def test_openai_temperature_is_left_out_for_reasoning_models(model: str, sent: bool) -> None:
    provider = OpenAIProvider(ProviderConfig(name="openai", model=model))
    request = AIRequest(feature="x", instructions="x", output_schema=CV_SCHEMA, temperature=0)
    assert ("temperature" in provider.build_payload(request)) is sent

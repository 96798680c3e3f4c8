"""Fixtures for the AI layer: a fake vendor server, settings pointing every real SDK at it,
a recording `sleep`, and a tenant in context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import Tenant
from jobmentis.tenancy.context import tenant_context
from tests.ai.fakes import (
    FakeAIServer,
    FakeReply,
    anthropic_error,
    anthropic_ok,
    gemini_error,
    gemini_ok,
    openai_error,
    openai_ok,
)

CV_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "email": {"type": ["string", "null"]},
        "summary": {"type": "string"},
    },
    "required": ["name", "email", "summary"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Vendor:
    """How one vendor speaks on the wire, for parametrised tests."""

    name: str
    path_suffix: str  # appended to the fake server's URL to make the SDK base_url
    ok: Callable[..., FakeReply]
    error: Callable[..., FakeReply]
    rate_limited: str
    server_error: str
    unavailable: str
    bad_request: str
    unauthenticated: str

    def prompts(self, body: dict[str, Any]) -> tuple[str, str]:
        """(system text, user text) as sent on the wire."""
        if self.name == "anthropic":
            return body["system"], body["messages"][0]["content"]
        if self.name == "openai":
            return body["messages"][0]["content"], body["messages"][1]["content"]
        return (
            body["systemInstruction"]["parts"][0]["text"],
            body["contents"][0]["parts"][0]["text"],
        )


VENDORS = {
    "anthropic": Vendor(
        "anthropic",
        "",
        anthropic_ok,
        anthropic_error,
        "rate_limit_error",
        "api_error",
        "overloaded_error",
        "invalid_request_error",
        "authentication_error",
    ),
    "openai": Vendor(
        "openai",
        "/v1",
        openai_ok,
        openai_error,
        "rate_limit_exceeded",
        "server_error",
        "server_error",
        "invalid_request_error",
        "invalid_api_key",
    ),
    "gemini": Vendor(
        "gemini",
        "",
        gemini_ok,
        gemini_error,
        "RESOURCE_EXHAUSTED",
        "INTERNAL",
        "UNAVAILABLE",
        "INVALID_ARGUMENT",
        "UNAUTHENTICATED",
    ),
}


@pytest.fixture(params=sorted(VENDORS))
def vendor(request: pytest.FixtureRequest) -> Vendor:
    return VENDORS[request.param]


@pytest.fixture
def fake_server() -> Iterator[FakeAIServer]:
    server = FakeAIServer().start()
    yield server
    server.stop()


@pytest.fixture
def ai_settings(settings: Any, fake_server: FakeAIServer) -> Any:
    """Every external provider has a key and talks to the fake server; only local by default."""
    settings.AI_PROVIDERS = ["local"]
    settings.AI_API_KEYS = {"anthropic": "sk-ant-test", "openai": "sk-test", "gemini": "g-test"}
    settings.AI_BASE_URLS = {
        name: fake_server.url + vendor.path_suffix for name, vendor in VENDORS.items()
    }
    settings.AI_MODELS = {
        "anthropic": "claude-sonnet-4-6",
        "openai": "gpt-5-mini",
        "gemini": "gemini-2.5-flash",
        "local": "local",
    }
    settings.AI_TIMEOUT_SECONDS = 5.0
    settings.AI_MAX_ATTEMPTS = 3
    return settings


@pytest.fixture
def sleeps() -> list[float]:
    """Pass `sleep=sleeps.append` to ai_complete: records the backoff instead of waiting."""
    return []


@pytest.fixture
def in_tenant(tenant_a: Tenant) -> Iterator[Tenant]:
    with tenant_context(tenant_a.pk):
        yield tenant_a

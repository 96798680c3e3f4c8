"""The local engine: no key, no network, deterministic — the default provider.

It has no model of its own: each feature registers a local handler (a plain function from the
request to a JSON-shaped dict), e.g. the resumes app registers its heuristic CV extractor for
"cv.extract" in its AppConfig.ready(). The handler's output is validated against the request's
schema like any provider's, so a feature cannot silently drift from its own contract.

Handlers see the original documents (nothing leaves the process, so nothing is redacted) and
must be deterministic: same request, same data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from jobmentis.ai.exceptions import AIError, AINotConfigured
from jobmentis.ai.output import output_validate
from jobmentis.ai.providers.base import Provider
from jobmentis.ai.types import AIChatRequest, AIRequest, AIResult, StreamUsage

LocalHandler = Callable[[AIRequest], dict[str, Any]]
# Streaming features (chat): the handler yields the answer's text in chunks.
LocalStreamHandler = Callable[[AIChatRequest], Iterator[str]]

_handlers: dict[str, LocalHandler] = {}
_stream_handlers: dict[str, LocalStreamHandler] = {}


def register_stream(feature: str, handler: LocalStreamHandler) -> LocalStreamHandler:
    """Register the local implementation of a streaming feature."""
    _stream_handlers[feature] = handler
    return handler


def stream_handler_for(feature: str) -> LocalStreamHandler | None:
    return _stream_handlers.get(feature)


def register(feature: str, handler: LocalHandler) -> LocalHandler:
    """Register the local implementation of `feature` (re-registering replaces it)."""
    _handlers[feature] = handler
    return handler


def unregister(feature: str) -> None:
    _handlers.pop(feature, None)


@contextmanager
def override(feature: str, handler: LocalHandler) -> Iterator[LocalHandler]:
    """Swap in `handler` for the block, then put back whatever was registered (tests)."""
    previous = _handlers.get(feature)
    _handlers[feature] = handler
    try:
        yield handler
    finally:
        if previous is None:
            _handlers.pop(feature, None)
        else:
            _handlers[feature] = previous


def handler_for(feature: str) -> LocalHandler | None:
    return _handlers.get(feature)


def registered_features() -> list[str]:
    return sorted(_handlers)


class LocalProvider(Provider):
    name = "local"
    external = False

    def build_payload(self, request: AIRequest) -> dict[str, Any]:
        return {"feature": request.feature, "request": request}

    def send(self, payload: dict[str, Any]) -> Any:
        handler = handler_for(payload["feature"])
        if handler is None:
            raise AINotConfigured(
                f"The local engine has no handler for feature {payload['feature']!r}. "
                "Register one with jobmentis.ai.providers.local.register(feature, handler), "
                "or configure an external provider (AI_PROVIDERS).",
                provider=self.name,
                model=self.model,
            )
        return handler(payload["request"])

    def parse(self, raw: Any, request: AIRequest) -> AIResult:
        data = output_validate(raw, request.output_schema, provider=self.name, model=self.model)
        return AIResult(data=data, provider=self.name, model=self.model)

    def build_stream_payload(self, request: AIChatRequest) -> dict[str, Any]:
        return {"feature": request.feature, "request": request}

    def send_stream(self, payload: dict[str, Any]) -> Iterator[str | StreamUsage]:
        handler = stream_handler_for(payload["feature"])
        if handler is None:
            raise AINotConfigured(
                f"The local engine has no streaming handler for {payload['feature']!r}.",
                provider=self.name,
                model=self.model,
            )
        yield from handler(payload["request"])
        yield StreamUsage(model=self.model)

    def map_error(self, exc: Exception) -> AIError | None:
        # A handler's own exception is a bug in our code: let it propagate.
        return None

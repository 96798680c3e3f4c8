"""The one provider interface (in the style of simonw/llm and litellm).

A provider turns a request into its vendor's payload (`build_payload`, pure), sends it
(`send`, the only I/O), and turns the vendor's response into our result (`parse`, pure). SDK
exceptions are mapped onto ours in `map_error`, so nothing vendor-specific leaves the adapter.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from jobmentis.ai.exceptions import (
    AIError,
    AIInvalidRequest,
    AINotConfigured,
    AIRateLimited,
    AITimeout,
    AIUnavailable,
)
from jobmentis.ai.output import output_parse_json
from jobmentis.ai.types import AIChatRequest, AIRequest, AIResult, StreamUsage


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    model: str
    api_key: str = ""
    base_url: str | None = None  # overridable: tests point the real SDK at a fake server
    timeout: float = 60.0


class Provider(ABC):
    name: ClassVar[str]
    # External providers receive redacted text; the local engine sees the original.
    external: ClassVar[bool] = True

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config

    @property
    def model(self) -> str:
        return self.config.model

    @abstractmethod
    def build_payload(self, request: AIRequest) -> dict[str, Any]:
        """The vendor request as keyword arguments of its SDK call. Pure."""

    @abstractmethod
    def send(self, payload: dict[str, Any]) -> Any:
        """Call the vendor. The only method doing I/O; SDK exceptions propagate raw."""

    @abstractmethod
    def parse(self, raw: Any, request: AIRequest) -> AIResult:
        """The vendor response as our result, output validated against the schema. Pure."""

    @abstractmethod
    def map_error(self, exc: Exception) -> AIError | None:
        """Our exception for an SDK exception, or None if it is not the SDK's (a bug: re-raise)."""

    def complete(self, request: AIRequest) -> AIResult:
        payload = self.build_payload(request)
        started = time.perf_counter()
        try:
            raw = self.send(payload)
        except AIError as exc:
            exc.latency_ms = _elapsed_ms(started)
            raise
        except Exception as exc:
            mapped = self.map_error(exc)
            if mapped is None:
                raise
            mapped.provider, mapped.model = self.name, mapped.model or self.model
            mapped.latency_ms = _elapsed_ms(started)
            raise mapped from exc
        latency_ms = _elapsed_ms(started)
        try:
            result = self.parse(raw, request)
        except AIError as exc:
            exc.latency_ms = latency_ms
            raise
        return replace(result, latency_ms=latency_ms)

    # --- streaming (free-text chat) ---------------------------------------------------------

    def build_stream_payload(self, request: AIChatRequest) -> dict[str, Any]:
        """The vendor's streaming request as keyword arguments of its SDK call. Pure."""
        raise AINotConfigured(f"{self.name} does not stream.", provider=self.name)

    def send_stream(self, payload: dict[str, Any]) -> Iterator[str | StreamUsage]:
        """Call the vendor's streaming API: text chunks as they arrive, then one StreamUsage."""
        raise AINotConfigured(f"{self.name} does not stream.", provider=self.name)

    def stream(self, request: AIChatRequest) -> Iterator[str | StreamUsage]:
        """Text chunks, then a StreamUsage; SDK exceptions mapped onto ours (as in complete)."""
        payload = self.build_stream_payload(request)
        try:
            yield from self.send_stream(payload)
        except AIError:
            raise
        except Exception as exc:
            mapped = self.map_error(exc)
            if mapped is None:
                raise
            mapped.provider, mapped.model = self.name, mapped.model or self.model
            raise mapped from exc


def _elapsed_ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def retry_after_seconds(headers: Any) -> float | None:
    """The server's Retry-After (seconds form; `retry-after-ms` first), if it sent one."""
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except (TypeError, ValueError):
            continue
        if seconds >= 0:
            return seconds
    return None


def error_for_status(status: int, headers: Any, message: str) -> AIError:
    """One mapping of a vendor's HTTP error status onto our types, shared by every adapter."""
    if status == 429:
        return AIRateLimited(message, retry_after=retry_after_seconds(headers))
    if status in (408, 504):
        return AITimeout(message)
    if status >= 500:
        return AIUnavailable(message, retry_after=retry_after_seconds(headers))
    return AIInvalidRequest(message)


def result_from_text(
    provider: str, text: str, request: AIRequest, context: dict[str, Any]
) -> AIResult:
    """Validate the model's text against the request's schema and wrap it with its usage."""
    data = output_parse_json(text, request.output_schema, **context)
    return AIResult(
        data=data,
        provider=provider,
        model=context["model"],
        input_tokens=context["input_tokens"],
        output_tokens=context["output_tokens"],
        raw_text=text,
    )

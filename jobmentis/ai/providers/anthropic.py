"""Anthropic adapter: the only module that imports the `anthropic` SDK.

Messages API with structured outputs (`output_config.format` = our JSON schema); the SDK's own
retries are off (`max_retries=0`) because the router retries and falls back across providers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anthropic

from jobmentis.ai.exceptions import (
    AIError,
    AIInvalidOutput,
    AIInvalidRequest,
    AITimeout,
    AIUnavailable,
)
from jobmentis.ai.prompts import chat_messages, chat_system_prompt, system_prompt, user_prompt
from jobmentis.ai.providers.base import Provider, error_for_status, result_from_text
from jobmentis.ai.types import AIChatRequest, AIRequest, AIResult, StreamUsage


class AnthropicProvider(Provider):
    name = "anthropic"

    def build_payload(self, request: AIRequest) -> dict[str, Any]:
        # No `temperature`: this SDK's messages.create no longer accepts it (current Claude
        # models fix their own sampling); the schema, not sampling, fixes the output shape.
        return {
            "model": self.model,
            "max_tokens": request.max_output_tokens,
            "system": system_prompt(request),
            "messages": [{"role": "user", "content": user_prompt(request)}],
            "output_config": {
                "format": {"type": "json_schema", "schema": dict(request.output_schema)}
            },
        }

    def send(self, payload: dict[str, Any]) -> Any:
        client = anthropic.Anthropic(
            api_key=self.config.api_key,
            base_url=self.config.base_url,
            timeout=self.config.timeout,
            max_retries=0,
        )
        with client:
            return client.messages.create(**payload)

    def build_stream_payload(self, request: AIChatRequest) -> dict[str, Any]:
        return {
            "model": self.model,
            "max_tokens": request.max_output_tokens,
            "system": chat_system_prompt(request),
            "messages": chat_messages(request),
        }

    def send_stream(self, payload: dict[str, Any]) -> Iterator[str | StreamUsage]:
        client = anthropic.Anthropic(
            api_key=self.config.api_key,
            base_url=self.config.base_url,
            timeout=self.config.timeout,
            max_retries=0,
        )
        with client, client.messages.stream(**payload) as stream:
            yield from stream.text_stream
            final = stream.get_final_message()
        usage = getattr(final, "usage", None)
        yield StreamUsage(
            model=getattr(final, "model", None) or self.model,
            input_tokens=int(getattr(usage, "input_tokens", 0) or 0),
            output_tokens=int(getattr(usage, "output_tokens", 0) or 0),
        )

    def parse(self, raw: Any, request: AIRequest) -> AIResult:
        usage = getattr(raw, "usage", None)
        context: dict[str, Any] = {
            "provider": self.name,
            "model": getattr(raw, "model", None) or self.model,
            "input_tokens": int(getattr(usage, "input_tokens", 0) or 0),
            "output_tokens": int(getattr(usage, "output_tokens", 0) or 0),
        }
        if getattr(raw, "stop_reason", None) == "refusal":
            raise AIInvalidOutput("The model refused to answer.", **context)
        text = "".join(
            block.text for block in (raw.content or []) if getattr(block, "type", "") == "text"
        )
        return result_from_text(self.name, text, request, context)

    def map_error(self, exc: Exception) -> AIError | None:
        message = f"Anthropic: {exc}"
        if isinstance(exc, anthropic.APITimeoutError):
            return AITimeout(message)
        if isinstance(exc, anthropic.APIConnectionError):
            return AIUnavailable(message)
        if isinstance(exc, anthropic.APIStatusError):  # RateLimitError included
            return error_for_status(exc.status_code, exc.response.headers, message)
        if isinstance(exc, anthropic.APIResponseValidationError):
            return AIInvalidOutput(message)
        if isinstance(exc, anthropic.AnthropicError):
            return AIInvalidRequest(message)
        return None

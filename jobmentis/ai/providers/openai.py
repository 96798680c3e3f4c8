"""OpenAI adapter: the only module that imports the `openai` SDK.

Chat Completions with `response_format={"type": "json_schema", ...}`, strict whenever the schema
allows it: strict mode needs every object to have `additionalProperties: false` and all of its
properties in `required` (optional values are written `["string", "null"]`). Other schemas are
sent non-strict — the model is still guided by the schema and we validate the output anyway —
rather than refused with a 400. SDK retries are off (`max_retries=0`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import openai

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

# Reasoning models (o-series, gpt-5 family) refuse any temperature but their default with a 400;
# like litellm's drop_params, we leave it out for them rather than fail the call.
_NO_TEMPERATURE = re.compile(r"^(?:o\d|gpt-5)")


def _schema_name(feature: str) -> str:
    # OpenAI schema names: letters, digits, underscores and dashes, at most 64 characters.
    return re.sub(r"[^A-Za-z0-9_-]", "_", feature)[:64] or "result"


def strict_compatible(schema: Any) -> bool:
    """True if every object in the schema closes its properties and requires all of them."""
    if isinstance(schema, list):
        return all(strict_compatible(item) for item in schema)
    if not isinstance(schema, dict):
        return True
    if schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is not False:
            return False
        if set(schema.get("required", [])) != set(properties):
            return False
    return all(
        strict_compatible(value)
        for key, value in schema.items()
        if key not in ("required", "enum", "const", "default", "examples")
    )


class OpenAIProvider(Provider):
    name = "openai"

    def build_payload(self, request: AIRequest) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "max_completion_tokens": request.max_output_tokens,
            "messages": [
                {"role": "system", "content": system_prompt(request)},
                {"role": "user", "content": user_prompt(request)},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": _schema_name(request.feature),
                    "schema": dict(request.output_schema),
                    "strict": strict_compatible(dict(request.output_schema)),
                },
            },
        }
        if request.temperature is not None and not _NO_TEMPERATURE.match(self.model):
            payload["temperature"] = request.temperature
        return payload

    def send(self, payload: dict[str, Any]) -> Any:
        client = openai.OpenAI(
            api_key=self.config.api_key,
            base_url=self.config.base_url,
            timeout=self.config.timeout,
            max_retries=0,
        )
        with client:
            return client.chat.completions.create(**payload)

    def build_stream_payload(self, request: AIChatRequest) -> dict[str, Any]:
        return {
            "model": self.model,
            "max_completion_tokens": request.max_output_tokens,
            "messages": [
                {"role": "system", "content": chat_system_prompt(request)},
                *chat_messages(request),
            ],
            "stream": True,
            "stream_options": {"include_usage": True},
        }

    def send_stream(self, payload: dict[str, Any]) -> Iterator[str | StreamUsage]:
        client = openai.OpenAI(
            api_key=self.config.api_key,
            base_url=self.config.base_url,
            timeout=self.config.timeout,
            max_retries=0,
        )
        usage = StreamUsage(model=self.model)
        with client:
            for chunk in client.chat.completions.create(**payload):
                for choice in chunk.choices or []:
                    text = getattr(choice.delta, "content", None)
                    if text:
                        yield text
                if getattr(chunk, "usage", None) is not None:
                    usage = StreamUsage(
                        model=chunk.model or self.model,
                        input_tokens=int(chunk.usage.prompt_tokens or 0),
                        output_tokens=int(chunk.usage.completion_tokens or 0),
                    )
        yield usage

    def parse(self, raw: Any, request: AIRequest) -> AIResult:
        usage = getattr(raw, "usage", None)
        context: dict[str, Any] = {
            "provider": self.name,
            "model": getattr(raw, "model", None) or self.model,
            "input_tokens": int(getattr(usage, "prompt_tokens", 0) or 0),
            "output_tokens": int(getattr(usage, "completion_tokens", 0) or 0),
        }
        choices = getattr(raw, "choices", None) or []
        if not choices:
            raise AIInvalidOutput("The response has no choices.", **context)
        message = choices[0].message
        if getattr(message, "refusal", None):
            raise AIInvalidOutput(f"The model refused: {message.refusal}", **context)
        text = message.content or ""
        return result_from_text(self.name, text, request, context)

    def map_error(self, exc: Exception) -> AIError | None:
        message = f"OpenAI: {exc}"
        if isinstance(exc, openai.APITimeoutError):
            return AITimeout(message)
        if isinstance(exc, openai.APIConnectionError):
            return AIUnavailable(message)
        if isinstance(exc, openai.APIStatusError):  # RateLimitError included
            return error_for_status(exc.status_code, exc.response.headers, message)
        if isinstance(exc, openai.APIResponseValidationError):
            return AIInvalidOutput(message)
        if isinstance(exc, openai.OpenAIError):
            return AIInvalidRequest(message)
        return None

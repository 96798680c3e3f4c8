"""Google Gemini adapter: the only module that imports `google-genai` (and its transport errors).

`models.generate_content` with `response_mime_type="application/json"` and our JSON schema as
`response_json_schema`. The SDK does not retry unless `retry_options` is set; we leave it unset
because the router retries and falls back across providers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
from google import genai
from google.genai import errors as genai_errors
from google.genai import types as genai_types

from jobmentis.ai.exceptions import (
    AIError,
    AIInvalidOutput,
    AITimeout,
    AIUnavailable,
)
from jobmentis.ai.prompts import chat_messages, chat_system_prompt, system_prompt, user_prompt
from jobmentis.ai.providers.base import Provider, error_for_status, result_from_text
from jobmentis.ai.types import AIChatRequest, AIRequest, AIResult, StreamUsage


class GeminiProvider(Provider):
    name = "gemini"

    def build_payload(self, request: AIRequest) -> dict[str, Any]:
        config: dict[str, Any] = {
            "system_instruction": system_prompt(request),
            "response_mime_type": "application/json",
            "response_json_schema": dict(request.output_schema),
            "max_output_tokens": request.max_output_tokens,
            # We declare no tools: keep the SDK's automatic function calling loop out of it.
            "automatic_function_calling": {"disable": True},
        }
        if request.temperature is not None:
            config["temperature"] = request.temperature
        return {
            "model": self.model,
            "contents": [{"role": "user", "parts": [{"text": user_prompt(request)}]}],
            "config": config,
        }

    def build_stream_payload(self, request: AIChatRequest) -> dict[str, Any]:
        contents = [
            {"role": "model" if turn["role"] == "assistant" else "user",
             "parts": [{"text": turn["content"]}]}
            for turn in chat_messages(request)
        ]  # fmt: skip
        return {
            "model": self.model,
            "contents": contents,
            "config": {
                "system_instruction": chat_system_prompt(request),
                "max_output_tokens": request.max_output_tokens,
                "automatic_function_calling": {"disable": True},
            },
        }

    def send_stream(self, payload: dict[str, Any]) -> Iterator[str | StreamUsage]:
        client = self._client()
        usage = StreamUsage(model=self.model)
        with client:
            for response in client.models.generate_content_stream(**payload):
                for candidate in getattr(response, "candidates", None) or []:
                    content = candidate.content
                    for part in (getattr(content, "parts", None) or []) if content else []:
                        if getattr(part, "text", None):
                            yield part.text
                metadata = getattr(response, "usage_metadata", None)
                if metadata is not None:
                    usage = StreamUsage(
                        model=getattr(response, "model_version", None) or self.model,
                        input_tokens=int(getattr(metadata, "prompt_token_count", 0) or 0),
                        output_tokens=int(getattr(metadata, "candidates_token_count", 0) or 0),
                    )
        yield usage

    def _client(self) -> genai.Client:
        http_options = genai_types.HttpOptions(
            base_url=self.config.base_url,
            timeout=max(1, int(self.config.timeout * 1000)),  # milliseconds
        )
        return genai.Client(api_key=self.config.api_key, http_options=http_options)

    def send(self, payload: dict[str, Any]) -> Any:
        http_options = genai_types.HttpOptions(
            base_url=self.config.base_url,
            timeout=max(1, int(self.config.timeout * 1000)),  # milliseconds
        )
        client = genai.Client(api_key=self.config.api_key, http_options=http_options)
        with client:
            return client.models.generate_content(**payload)

    def parse(self, raw: Any, request: AIRequest) -> AIResult:
        usage = getattr(raw, "usage_metadata", None)
        context: dict[str, Any] = {
            "provider": self.name,
            "model": getattr(raw, "model_version", None) or self.model,
            "input_tokens": int(getattr(usage, "prompt_token_count", 0) or 0),
            "output_tokens": int(getattr(usage, "candidates_token_count", 0) or 0),
        }
        candidates = getattr(raw, "candidates", None) or []
        if not candidates:
            raise AIInvalidOutput("The response has no candidates (blocked?).", **context)
        content = candidates[0].content
        parts = (getattr(content, "parts", None) or []) if content is not None else []
        text = "".join(part.text for part in parts if getattr(part, "text", None))
        return result_from_text(self.name, text, request, context)

    def map_error(self, exc: Exception) -> AIError | None:
        message = f"Gemini: {exc}"
        if isinstance(exc, genai_errors.APIError):
            headers = getattr(getattr(exc, "response", None), "headers", None)
            return error_for_status(exc.code, headers, message)
        if isinstance(exc, httpx2.TimeoutException):
            return AITimeout(message)
        if isinstance(exc, httpx2.TransportError):
            return AIUnavailable(message)
        if isinstance(exc, genai_errors.UnknownApiResponseError):
            return AIInvalidOutput(message)
        return None

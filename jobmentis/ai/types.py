"""Typed, immutable requests and results of the AI layer.

A request separates what we trust from what we do not: `instructions` are our own prompt;
`documents` are untrusted text (CV, job description) that providers must treat as data only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

DOCUMENT_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
# Identifier kinds the redactor knows; a request keeps the ones its task needs.
IDENTIFIER_KINDS = frozenset({"email", "phone", "url", "address"})


@dataclass(frozen=True)
class AIDocument:
    """One named block of untrusted text. The name is ours (e.g. "cv", "job"), never the user's."""

    name: str
    text: str

    def __post_init__(self) -> None:
        if not DOCUMENT_NAME.match(self.name):
            raise ValueError(f"Document name {self.name!r} must match {DOCUMENT_NAME.pattern}.")


@dataclass(frozen=True)
class AIRequest:
    feature: str  # "cv.extract", "cv.optimise", "jobs.match": usage, quotas, local dispatch
    instructions: str  # our system prompt: trusted
    output_schema: Mapping[str, Any]  # JSON Schema of the object the model must return
    documents: Sequence[AIDocument] = ()
    max_output_tokens: int = 2048
    # None: the provider's default (reasoning models such as gpt-5 accept no other value).
    temperature: float | None = None
    # Identifiers the task needs verbatim (e.g. {"email"} to extract contact details); all
    # others are replaced by placeholders before text leaves for an external provider.
    keep_identifiers: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", tuple(self.documents))
        if not self.feature:
            raise ValueError("AIRequest.feature is required.")
        names = [document.name for document in self.documents]
        if len(names) != len(set(names)):
            raise ValueError("Document names must be unique within a request.")
        unknown = set(self.keep_identifiers) - IDENTIFIER_KINDS
        if unknown:
            raise ValueError(f"Unknown identifier kinds in keep_identifiers: {sorted(unknown)}.")
        if self.max_output_tokens <= 0:
            raise ValueError("max_output_tokens must be positive.")
        if self.output_schema.get("type") != "object":
            raise ValueError('output_schema must describe an object ({"type": "object", ...}).')
        try:
            Draft202012Validator.check_schema(dict(self.output_schema))
        except SchemaError as exc:
            raise ValueError(f"output_schema is not a valid JSON Schema: {exc.message}") from exc

    def document(self, name: str) -> str:
        """The text of the named document ("" when absent): handy for local handlers."""
        for document in self.documents:
            if document.name == name:
                return document.text
        return ""


@dataclass(frozen=True)
class AIResult:
    data: dict[str, Any]  # validated against the request's output_schema
    provider: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: int = 0
    cost_usd: Decimal = Decimal("0")
    raw_text: str = ""  # the model's text as received (placeholders not restored)


# --- streaming chat ------------------------------------------------------------------------------

CHAT_ROLES = frozenset({"user", "assistant"})


@dataclass(frozen=True)
class AIChatMessage:
    """One turn of a conversation: the user's own words or an earlier answer."""

    role: str  # "user" | "assistant"
    text: str

    def __post_init__(self) -> None:
        if self.role not in CHAT_ROLES:
            raise ValueError(f"Chat role must be one of {sorted(CHAT_ROLES)}.")


@dataclass(frozen=True)
class AIChatRequest:
    """A free-text, streamed answer (the career coach). Like AIRequest, `instructions` are ours
    and trusted; `documents` (CV, pipeline) are untrusted data; `messages` are the conversation,
    ending with the user's question. No output schema: the answer is prose, shown as is (escaped)
    and never executed — proposed actions come from our own code, never from the model's text."""

    feature: str
    instructions: str
    messages: Sequence[AIChatMessage]
    documents: Sequence[AIDocument] = ()
    max_output_tokens: int = 1024

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", tuple(self.documents))
        object.__setattr__(self, "messages", tuple(self.messages))
        if not self.feature:
            raise ValueError("AIChatRequest.feature is required.")
        if not self.messages or self.messages[-1].role != "user":
            raise ValueError("A chat request ends with the user's message.")
        names = [document.name for document in self.documents]
        if len(names) != len(set(names)):
            raise ValueError("Document names must be unique within a request.")

    def document(self, name: str) -> str:
        for document in self.documents:
            if document.name == name:
                return document.text
        return ""


@dataclass(frozen=True)
class StreamUsage:
    """Yielded last by a provider's stream (after the text chunks): what the call cost."""

    model: str = ""
    input_tokens: int = 0
    output_tokens: int = 0

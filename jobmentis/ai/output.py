"""Structured output: the model's text must be one JSON object valid against the request schema.

This is the last line of defence against prompt injection: whatever a document persuades a
model to say, only an object of the requested shape gets past here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from jobmentis.ai.exceptions import AIInvalidOutput


def output_validate(data: Any, schema: Mapping[str, Any], **context: Any) -> dict[str, Any]:
    """Return `data` if it is an object valid against `schema`, else raise AIInvalidOutput.

    `context` (provider, model, tokens) is attached to the error so the failed attempt can
    still be recorded with what it cost.
    """
    if not isinstance(data, dict):
        raise AIInvalidOutput(f"Expected a JSON object, got {type(data).__name__}.", **context)
    validator = Draft202012Validator(dict(schema))
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: list(e.path))), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        raise AIInvalidOutput(
            f"Output does not match the schema at {where}: {error.message}", **context
        )
    return data


def output_parse_json(text: str, schema: Mapping[str, Any], **context: Any) -> dict[str, Any]:
    """Parse the model's text as JSON (tolerating a ```json fence) and validate it."""
    candidate = text.strip()
    if candidate.startswith("```"):
        candidate = candidate.strip("`")
        candidate = candidate.removeprefix("json").strip()
    try:
        data = json.loads(candidate)
    except ValueError as exc:
        raise AIInvalidOutput(f"Output is not valid JSON: {exc}", **context) from exc
    return output_validate(data, schema, **context)

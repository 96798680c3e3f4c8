"""Structured extraction (CV text -> JSON Resume) through the AI layer, feature "cv.extract".

The local engine's handler is our heuristic extractor (resumes.extraction), registered in
ResumesConfig.ready(); external providers get the same request — our instructions, the CV as an
untrusted document, and the schema below — and their answer is validated against it. Contact
details are redacted to placeholders before text leaves for an external provider and restored
in the result (jobmentis.ai), so the extracted email/phone/links still come back verbatim.
"""

from __future__ import annotations

from typing import Any

from resumes import jsonresume
from resumes.errors import ParseFailed, TransientParseError

FEATURE = "cv.extract"
# Structured extraction reads at most this much text: bounds its time on a hostile file.
MAX_TEXT_CHARS = 200_000

_STRING: dict[str, Any] = {"type": "string"}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    # Strict-mode friendly (OpenAI): every property required, nothing else allowed; "" = absent.
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _strings(names: tuple[str, ...]) -> dict[str, Any]:
    return {name: dict(_STRING) for name in names}


def _section_schema(section: str) -> dict[str, Any]:
    scalars, lists = jsonresume.SECTIONS[section]
    properties = _strings(scalars)
    properties.update({key: {"type": "array", "items": _STRING} for key in lists})
    if section == "languages":
        properties["cefr"] = {"type": "string", "enum": ["", *jsonresume.CEFR_LEVELS]}
    return {"type": "array", "items": _object(properties)}


CV_EXTRACT_SCHEMA: dict[str, Any] = _object(
    {
        "basics": _object(
            {
                **_strings(jsonresume.BASICS_FIELDS),
                "location": _object(_strings(jsonresume.LOCATION_FIELDS)),
                "profiles": {
                    "type": "array",
                    "items": _object(_strings(jsonresume.PROFILE_FIELDS)),
                },
            }
        ),
        **{section: _section_schema(section) for section in jsonresume.SECTIONS},
    }
)

INSTRUCTIONS = (
    "Extract the CV in the document named 'cv' into the JSON Resume structure given by the "
    "schema. Copy facts exactly as written; never invent, infer or embellish anything. Use an "
    "empty string for anything the CV does not state. Dates as YYYY-MM or YYYY; an ongoing "
    "position has an empty endDate. 'name' in work entries is the employer. Highlights are the "
    "bullet points of an entry, one string each. Languages: 'fluency' as written, 'cefr' the "
    "CEFR level (A1-C2) or 'Native' only when the CV states it. Placeholders such as [EMAIL_1] "
    "must be copied unchanged into the matching field."
)


def local_cv_extract(request: Any) -> dict[str, Any]:
    """The local engine's "cv.extract": the heuristic extractor, shaped to the schema."""
    from resumes.extraction import extract_resume

    return jsonresume.normalise(extract_resume(request.document("cv")))


def cv_extract(
    *, text: str, user_id: int | None, provider: str | None = None
) -> tuple[dict[str, Any], str]:
    """JSON Resume data from CV text via the AI layer, and the provider that produced it.

    Needs a tenant in context (usage is recorded per tenant). Retryable provider trouble
    (rate limits, outages, timeouts on every provider) raises TransientParseError so the task
    retries with backoff; anything else is a ParseFailed the user sees.
    """
    from jobmentis.ai.exceptions import AIError, AIProcessingRestricted
    from jobmentis.ai.services import ai_complete
    from jobmentis.ai.types import AIDocument, AIRequest

    request = AIRequest(
        feature=FEATURE,
        instructions=INSTRUCTIONS,
        output_schema=CV_EXTRACT_SCHEMA,
        documents=[AIDocument(name="cv", text=text[:MAX_TEXT_CHARS])],
        max_output_tokens=8192,
        temperature=0,
    )
    try:
        result = ai_complete(request=request, user_id=user_id, provider=provider)
    except AIProcessingRestricted as exc:
        # The user restricted AI processing (Data & Privacy): not retried, shown as such.
        raise ParseFailed("ai_restricted") from exc
    except AIError as exc:
        if exc.retryable:
            raise TransientParseError() from exc
        raise ParseFailed("engine_unavailable") from exc
    return jsonresume.normalise(result.data), result.provider


def register_local_handler() -> None:
    from jobmentis.ai.providers import local

    local.register(FEATURE, local_cv_extract)

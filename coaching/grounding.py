"""The grounding check: which sentences of a letter state something the CV does not?

It reuses the CV optimiser's fabrication check (resumes.optimisation.fabrication: pure functions
over JSON Resume data), sentence by sentence. What counts as known: the whole CV, plus the
context the user gave for this letter (company, job title, interviewers, interview date) and the
fixed phrases of our own templates. Never the job description: copying the ad's wish list into a
letter as if it were experience is exactly what must be flagged.
"""

from __future__ import annotations

import re
from typing import Any

from coaching.engine.letters import template_vocabulary
from resumes.optimisation.fabrication import flags_for_text, source_facts
from resumes.scoring.text import fold

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [piece.strip() for piece in _SENTENCE.split(text or "") if piece.strip()]


def grounding_flags(
    *, cv_data: Any, text: str, context: list[str] | None = None
) -> list[dict[str, str]]:
    """[{"sentence", "kind", "value"}] for every claim not traceable to the CV, in text order."""
    known = {
        "cv": cv_data if isinstance(cv_data, dict) else {},
        "context": [value for value in context or [] if value],
        "templates": template_vocabulary(),
    }
    facts = source_facts(known)
    found: list[dict[str, str]] = []
    for sentence in sentences(text):
        for flag in flags_for_text(facts, sentence):
            # A fragment of a stated fact ("M" of "2M rows") is not a new employer.
            if flag["kind"] == "employer" and fold(flag["value"]) in facts.text:
                continue
            found.append({"sentence": sentence, "kind": flag["kind"], "value": flag["value"]})
    return found

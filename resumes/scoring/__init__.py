"""Match score of a CV against a job description: pure, deterministic and local.

No Django here (the engine is plain Python so it can be tested, benchmarked and reused by a
worker or a script alike). `score_match(resume, job_text, today=...)` parses the job text,
compares it with the JSON Resume data and returns a `MatchResult`: a 0-100 score, one
`Component` per scoring dimension with its `Reason`s, the must-haves met/missing and the missing
keywords. Reasons are codes with parameters; the web layer turns them into translated sentences.

The job text is treated as data only: it is tokenised and matched, never interpreted, so an
instruction written in it ("give this candidate 100") can change nothing but keyword lists.
"""

from __future__ import annotations

from resumes.scoring.engine import (
    ENGINE_VERSION,
    MAX_JOB_CHARS,
    WEIGHTS,
    Component,
    MatchResult,
    Reason,
    Requirement,
    score_match,
)

__all__ = [
    "ENGINE_VERSION",
    "MAX_JOB_CHARS",
    "WEIGHTS",
    "Component",
    "MatchResult",
    "Reason",
    "Requirement",
    "score_match",
]

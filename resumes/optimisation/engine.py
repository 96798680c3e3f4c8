"""The optimisation request (feature "cv_optimisation") and the local engine's implementation.

External providers get our instructions, the CV (as JSON Resume data without contact details:
the task does not need them) and the job description as untrusted documents, and must answer
with the schema below. The local engine — no key, no network, deterministic — only ever
rearranges and tightens the CV's own words:

* summary: filler removed, the sentences that speak to the job moved first; a CV without a
  summary (in English) gets one assembled from its own headline and job-relevant skills;
* bullets: filler removed ("Responsible for managing" -> "Managed" for past roles, "in order
  to" -> "to", "utilised" -> "used", …), and each role's bullets ordered by job relevance;
* skills: groups and the keywords inside each group ordered by job relevance.

It never adds a word of its own that carries a fact, so its suggestions pass the fabrication
check; text inside the CV or the job is matched, never obeyed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from resumes import jsonresume
from resumes.optimisation import FEATURE
from resumes.scoring.job import Job, parse_job
from resumes.scoring.text import tokens, words
from resumes.scoring.vocabulary import find_skills

MAX_JOB_CHARS = 20_000
MAX_CV_CHARS = 60_000

_STRING: dict[str, Any] = {"type": "string"}
_STRINGS: dict[str, Any] = {"type": "array", "items": _STRING}

OPTIMISE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "suggestions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": ["rewrite", "reorder"]},
                    "path": _STRING,
                    "original": _STRING,
                    "suggested": _STRING,
                    "items": _STRINGS,
                    "keywords": _STRINGS,
                    "reason": _STRING,
                },
                "required": [
                    "kind",
                    "path",
                    "original",
                    "suggested",
                    "items",
                    "keywords",
                    "reason",
                ],
                "additionalProperties": False,
            },
        }
    },
    "required": ["suggestions"],
    "additionalProperties": False,
}

INSTRUCTIONS = (
    "You improve a CV for one target job. The document 'cv' is the candidate's CV as JSON "
    "Resume data; the document 'job' is the job description (and 'job_title' its title, when "
    "given). Suggest edits that make the CV's existing facts speak to this job: rewrite the "
    "summary (path 'basics.summary'), rewrite individual bullet points (paths like "
    "'work.0.highlights.2' or 'projects.1.highlights.0'), and reorder lists so the most "
    "job-relevant items come first (kind 'reorder' with 'items' listing ALL the existing items "
    "in the new order; paths 'skills' for the skill groups by name, 'skills.N.keywords', "
    "'work.N.highlights'). For a rewrite, 'original' must be the exact current text at 'path' "
    "and 'items' empty; for a reorder, 'original' and 'suggested' are empty strings. "
    "'keywords' lists the job keywords the edit brings forward; 'reason' is one short sentence. "
    "Never invent anything: no employer, job title, date, degree, certificate, skill, tool, "
    "number or achievement that the CV does not already state. Prefer concise, active, "
    "results-first wording in the CV's own language. Do not touch names, dates, employers, "
    "titles or contact details. Return at most 40 suggestions, the most valuable first."
)


# --- the request ---------------------------------------------------------------------------------


def cv_document(data: dict[str, Any]) -> str:
    """The CV as the model sees it: JSON Resume content without contact details."""
    normalised = jsonresume.normalise(data)
    basics = normalised["basics"]
    content: dict[str, Any] = {
        "basics": {"label": basics["label"], "summary": basics["summary"]},
        **{section: normalised[section] for section in jsonresume.SECTIONS},
    }
    return json.dumps(content, ensure_ascii=False, indent=1)[:MAX_CV_CHARS]


def optimise_request(*, data: dict[str, Any], job_description: str, job_title: str = "") -> Any:
    from jobmentis.ai.types import AIDocument, AIRequest

    documents = [
        AIDocument("cv", cv_document(data)),
        AIDocument("job", job_description[:MAX_JOB_CHARS]),
    ]
    if job_title.strip():
        documents.append(AIDocument("job_title", job_title.strip()[:120]))
    return AIRequest(
        feature=FEATURE,
        instructions=INSTRUCTIONS,
        output_schema=OPTIMISE_SCHEMA,
        documents=documents,
        max_output_tokens=8192,
        temperature=0,
    )


# --- job relevance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relevance:
    """What of the job a text speaks to: weighted score and the job terms, as displayed."""

    score: int
    terms: tuple[str, ...]


class JobTerms:
    def __init__(self, job: Job) -> None:
        self.skills = set(job.skills)
        self.must_skills = set(job.skills) - set(job.nice_skills)
        self.keywords = [(key.split(), display) for key, display in job.keywords]

    def relevance(self, text: str) -> Relevance:
        text_tokens = tokens(text)
        score = 0
        terms: list[str] = []
        for _start, _end, name in find_skills(text_tokens):
            if name in self.skills and name not in terms:
                score += 3 if name in self.must_skills else 2
                terms.append(name)
        for parts, display in self.keywords:
            size = len(parts)
            present = any(text_tokens[i : i + size] == parts for i in range(len(text_tokens)))
            if present and display not in terms:
                score += 1
                terms.append(display)
        return Relevance(score, tuple(terms))


# --- tightening ----------------------------------------------------------------------------------

_IRREGULAR = {
    "build": "built", "lead": "led", "run": "ran", "write": "wrote", "make": "made",
    "drive": "drove", "teach": "taught", "hold": "held", "set": "set", "grow": "grew",
    "win": "won", "bring": "brought", "sell": "sold", "give": "gave", "take": "took",
    "keep": "kept", "meet": "met", "begin": "began", "do": "did", "oversee": "oversaw",
    "spend": "spent", "find": "found", "get": "got", "speak": "spoke", "buy": "bought",
    "put": "put", "cut": "cut", "have": "had", "think": "thought", "undertake": "undertook",
}  # fmt: skip
_GERUND_IRREGULAR = {
    "building": "build", "leading": "lead", "running": "run", "writing": "write",
    "making": "make", "driving": "drive", "teaching": "teach", "holding": "hold",
    "setting": "set", "growing": "grow", "winning": "win", "bringing": "bring",
    "selling": "sell", "giving": "give", "taking": "take", "keeping": "keep",
    "meeting": "meet", "beginning": "begin", "doing": "do", "overseeing": "oversee",
    "spending": "spend", "finding": "find", "getting": "get", "speaking": "speak",
    "buying": "buy", "putting": "put", "cutting": "cut", "having": "have",
    "undertaking": "undertake",
}  # fmt: skip
_VOWELS = set("aeiou")


def past_tense(gerund: str) -> str | None:
    """'managing' -> 'managed', 'building' -> 'built'; None when unsure."""
    lower = gerund.lower()
    if lower in _GERUND_IRREGULAR:
        return _IRREGULAR[_GERUND_IRREGULAR[lower]]
    if not lower.endswith("ing") or len(lower) < 6 or not lower.isalpha():
        return None
    stem = lower[:-3]
    if stem.endswith("y") and stem[-2] not in _VOWELS:
        return stem[:-1] + "ied"
    if stem.endswith("e"):  # "seeing", "agreeing": stem ends in e already
        return stem + "d"
    return stem + "ed"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# (pattern, replacement), applied in order; English only, word-bounded, case-insensitive.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\bin order to\b", "to"),
        (r"\butili[sz]ed\b", "used"),
        (r"\butili[sz]ing\b", "using"),
        (r"\butili[sz]e\b", "use"),
        (r"\bsuccessfully\s+", ""),
        (r"\ba (?:wide|broad) (?:range|variety) of\b", "many"),
        (r"\ba (?:large|great) number of\b", "many"),
        (r"\bon a daily basis\b", "daily"),
        (r"\bon a weekly basis\b", "weekly"),
        (r"\bon a regular basis\b", "regularly"),
        (r"\bhelped to\b", "helped"),
        (r"\bworked closely with\b", "worked with"),
        (r"\b(?:very|really|extremely)\s+", ""),
        (r"\bwith the aim of\b", "to"),
        (r"\bdue to the fact that\b", "because"),
        (r"\bprior to\b", "before"),
        (r"\bin the field of\b", "in"),
    )
)
_PRONOUN_START = re.compile(r"^(?:I\s+(?:have\s+|was\s+|am\s+)?)(?=[a-z])")
_RESPONSIBLE = re.compile(
    r"^(?:I\s+was\s+|was\s+)?(?:responsible\s+for|tasked\s+with|in\s+charge\s+of|duties\s+"
    r"included)\s+(\w+ing)\b",
    re.IGNORECASE,
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "with",
        "for",
        "to",
        "in",
        "a",
        "an",
        "on",
        "at",
        "by",
        "from",
        "as",
        "is",
        "was",
        "were",
    ]
)
_FOREIGN = frozenset(
    [
        "il",
        "lo",
        "la",
        "gli",
        "le",
        "di",
        "del",
        "della",
        "per",
        "con",
        "che",
        "e",
        "un",
        "una",
        "le",
        "les",
        "des",
        "et",
        "pour",
        "avec",
        "dans",
        "du",
        "au",
    ]
)


def looks_english(text: str) -> bool:
    found = words(text)
    english = sum(1 for word in found if word in _ENGLISH)
    foreign = sum(1 for word in found if word in _FOREIGN)
    return english > 0 and english >= foreign


def tighten(text: str, *, past: bool) -> str:
    """Filler out, stronger openings in; never adds a word that carries a fact."""
    result = " ".join(text.split())
    match = _RESPONSIBLE.match(result)
    if match:
        verb = match.group(1)
        replacement = past_tense(verb) if past else verb
        if replacement:
            result = _capitalise(replacement) + result[match.end() :]
    result = _PRONOUN_START.sub("", result)
    for pattern, replacement in _PHRASES:
        result = pattern.sub(replacement, result)
    result = re.sub(r"\s+([,.;:])", r"\1", " ".join(result.split()))
    return _capitalise(result)


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý])", text.strip()) if part]


def _stable_by_relevance(items: list[str], terms: JobTerms) -> list[str]:
    scored = [(terms.relevance(item).score, index, item) for index, item in enumerate(items)]
    return [item for _score, _index, item in sorted(scored, key=lambda row: (-row[0], row[1]))]


# --- the local engine ----------------------------------------------------------------------------


def local_optimise(request: Any) -> dict[str, Any]:
    """The local engine's "cv_optimisation": deterministic, no network, no invention."""
    try:
        data = jsonresume.normalise(json.loads(request.document("cv") or "{}"))
    except ValueError:
        data = jsonresume.normalise({})
    job_text = request.document("job")
    title = request.document("job_title")
    job = parse_job(f"{title}\n{job_text}" if title else job_text, MAX_JOB_CHARS)
    terms = JobTerms(job)
    english = looks_english(request.document("cv"))
    suggestions: list[dict[str, Any]] = []

    def rewrite(path: str, original: str, suggested: str, reason: str) -> None:
        if " ".join(suggested.split()) == " ".join(original.split()) or not suggested.strip():
            return
        keywords = list(terms.relevance(suggested).terms)
        suggestions.append(
            {
                "kind": "rewrite",
                "path": path,
                "original": original,
                "suggested": suggested,
                "items": [],
                "keywords": keywords,
                "reason": reason,
            }
        )

    def reorder(path: str, source: list[str], ordered: list[str], reason: str) -> None:
        if ordered == source:
            return
        moved = [item for item in ordered[:3] if terms.relevance(item).score > 0]
        keywords = [term for item in moved for term in terms.relevance(item).terms]
        suggestions.append(
            {
                "kind": "reorder",
                "path": path,
                "original": "",
                "suggested": "",
                "items": ordered,
                "keywords": list(dict.fromkeys(keywords))[:10],
                "reason": reason,
            }
        )

    # Summary: tightened, job-relevant sentences first; or assembled from the CV's own facts.
    summary = data["basics"]["summary"]
    if summary:
        sentences = [
            tighten(sentence, past=False) if english else sentence
            for sentence in _sentences(summary)
        ]
        ordered = _stable_by_relevance(sentences, terms)
        reason = "front_load" if ordered != sentences else "tighten"
        rewrite("basics.summary", summary, " ".join(ordered), reason)
    elif english:
        built = _summary_from_facts(data, terms)
        if built:
            rewrite("basics.summary", "", built, "summary_from_facts")

    # Bullets: tightened; each role's bullets ordered by relevance.
    for section in ("work", "projects"):
        for index, entry in enumerate(data[section]):
            past = bool(entry.get("endDate")) or section == "projects"
            highlights = list(entry.get("highlights") or [])
            if english:
                for number, text in enumerate(highlights):
                    rewrite(
                        f"{section}.{index}.highlights.{number}",
                        text,
                        tighten(text, past=past),
                        "tighten",
                    )
            if len(highlights) > 1:
                reorder(
                    f"{section}.{index}.highlights",
                    highlights,
                    _stable_by_relevance(highlights, terms),
                    "reorder_relevance",
                )

    # Skills: groups by relevance of all they contain, then the keywords in each group.
    skills = data["skills"]
    if len(skills) > 1:
        names = [entry["name"] for entry in skills]
        scored = [
            (terms.relevance(" ".join([entry["name"], *entry["keywords"]])).score, i, entry["name"])
            for i, entry in enumerate(skills)
        ]
        ordered_names = [name for _s, _i, name in sorted(scored, key=lambda r: (-r[0], r[1]))]
        if all(names) and len(set(names)) == len(names):
            reorder("skills", names, ordered_names, "reorder_relevance")
    for index, entry in enumerate(skills):
        keywords = list(entry["keywords"])
        if len(keywords) > 1:
            reorder(
                f"skills.{index}.keywords",
                keywords,
                _stable_by_relevance(keywords, terms),
                "reorder_relevance",
            )
    return {"suggestions": suggestions}


def _summary_from_facts(data: dict[str, Any], terms: JobTerms) -> str:
    """ "<headline> with experience in A, B and C.": every fact from the CV itself."""
    headline = data["basics"]["label"] or next(
        (entry["position"] for entry in data["work"] if entry.get("position")), ""
    )
    if not headline:
        return ""
    candidates: list[str] = []
    for entry in data["skills"]:
        candidates.extend(entry["keywords"] or [entry["name"]])
    relevant = [item for item in candidates if terms.relevance(item).score > 0]
    chosen = list(dict.fromkeys(relevant or candidates))[:4]
    if not chosen:
        return ""
    listed = chosen[0] if len(chosen) == 1 else f"{', '.join(chosen[:-1])} and {chosen[-1]}"
    return f"{headline} with experience in {listed}."


def register_local_handler() -> None:
    from jobmentis.ai.providers import local

    local.register(FEATURE, local_optimise)

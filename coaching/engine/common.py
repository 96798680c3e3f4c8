"""What every coaching engine reads from a CV and a job: pure functions over JSON Resume data.

The local engines compose only from these facts (the CV's own employers, titles, bullets and
skills, and the skills the job asks for that the CV also names), which is what keeps their
output grounded: they never write a fact the CV does not state.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from resumes import jsonresume
from resumes.scoring.job import parse_job
from resumes.scoring.text import tokens
from resumes.scoring.vocabulary import find_skills

MAX_JOB_CHARS = 20_000
_NUMBER = re.compile(r"\d")
# Past-tense action verbs a CV bullet commonly starts with (English): "Built X" reads as
# "I built X" in a letter; other bullets are quoted rather than rewritten.
_IRREGULAR_PAST = frozenset(
    {"built", "led", "ran", "made", "won", "grew", "drove", "wrote", "taught", "cut", "set",
     "brought", "began", "sold", "bought"}
)  # fmt: skip


@dataclass(frozen=True)
class Experience:
    employer: str
    position: str
    highlights: tuple[str, ...]
    summary: str
    start: str
    end: str
    relevance: int  # how many of the job's keywords this entry mentions


@dataclass(frozen=True)
class Facts:
    name: str
    label: str
    summary: str
    cv_skills: tuple[str, ...]  # every vocabulary skill the CV names
    matched_skills: tuple[str, ...]  # job skills the CV names, job order
    missing_skills: tuple[str, ...]  # job skills the CV does not name
    job_keywords: tuple[str, ...]  # display forms, best first
    experiences: tuple[Experience, ...]  # most relevant first
    education: tuple[str, ...] = field(default_factory=tuple)


def cv_text(data: dict[str, Any]) -> str:
    """Every string of the CV, for skill and keyword matching."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return "\n".join(out)


def skills_in(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for _start, _end, name in find_skills(tokens(text)):
        seen.setdefault(name, None)
    return list(seen)


def facts_from(data: Any, job_description: str) -> Facts:
    cv = jsonresume.normalise(data)
    basics = cv["basics"]
    cv_skills = skills_in(cv_text(cv))
    job = parse_job(job_description or "", MAX_JOB_CHARS)
    job_skill_order = [name for name in skills_in(job_description or "")] or list(job.skills)
    matched = [name for name in job_skill_order if name in cv_skills]
    missing = [name for name in job_skill_order if name not in cv_skills]
    keyword_keys = {key for key, _display in job.keywords}
    experiences = []
    for entry in cv.get("work") or []:
        text = " ".join([entry.get("position", ""), entry.get("summary", "")] + entry["highlights"])
        entry_tokens = set(tokens(text))
        relevance = len(entry_tokens & keyword_keys) + 2 * len(
            set(skills_in(text)) & set(job_skill_order)
        )
        experiences.append(
            Experience(
                employer=entry.get("name", ""),
                position=entry.get("position", ""),
                highlights=tuple(h for h in entry["highlights"] if h.strip()),
                summary=entry.get("summary", ""),
                start=entry.get("startDate", ""),
                end=entry.get("endDate", ""),
                relevance=relevance,
            )
        )
    # Stable: equally relevant entries keep the CV's order (most recent first, usually).
    ranked = sorted(enumerate(experiences), key=lambda pair: (-pair[1].relevance, pair[0]))
    education = tuple(
        " ".join(p for p in (e.get("studyType", ""), e.get("area", "")) if p)
        + (f" ({e['institution']})" if e.get("institution") else "")
        for e in cv.get("education") or []
    )
    return Facts(
        name=basics.get("name", ""),
        label=basics.get("label", ""),
        summary=basics.get("summary", ""),
        cv_skills=tuple(cv_skills),
        matched_skills=tuple(matched),
        missing_skills=tuple(missing),
        job_keywords=tuple(display for _key, display in job.keywords),
        experiences=tuple(experience for _i, experience in ranked),
        education=tuple(e for e in education if e.strip()),
    )


def best_highlights(experience: Experience, facts: Facts, count: int) -> list[str]:
    """The entry's bullets that speak most to the job; bullets with figures win ties."""
    keys = {k.lower() for k in facts.matched_skills} | {k.lower() for k in facts.job_keywords}

    def score(item: tuple[int, str]) -> tuple[int, int, int]:
        index, text = item
        lowered = text.lower()
        hits = sum(1 for key in keys if key and key in lowered)
        return (-hits, -int(bool(_NUMBER.search(text))), index)

    ranked = sorted(enumerate(experience.highlights), key=score)
    return [text.strip().rstrip(".") for _i, text in ranked[:count]]


def as_first_person(highlight: str) -> str | None:
    """ "Built ETL pipelines" -> "I built ETL pipelines"; None when the bullet does not start
    with a past-tense verb (it is then quoted as written, never rephrased)."""
    first, _, rest = highlight.partition(" ")
    lowered = first.lower()
    if not rest or not first[:1].isupper():
        return None
    if lowered.endswith("ed") or lowered in _IRREGULAR_PAST:
        return f"I {lowered} {rest}"
    return None


def join_list(items: list[str], conjunction: str) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def json_document(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def load_json_document(text: str) -> Any:
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return {}


def names_the_role(skill: str, *titles: str) -> bool:
    """True when a "skill" just restates the role ("Data engineering" for a Data Engineer):
    naming it as a skill in a letter or a question reads oddly."""
    from resumes.scoring.text import words

    title_words = {word for title in titles for word in words(title)}
    skill_words = words(skill)
    return bool(skill_words) and all(
        any(w.startswith(t) or t.startswith(w) for t in title_words if len(t) > 2)
        for w in skill_words
    )

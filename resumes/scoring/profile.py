"""What the scorer reads from a CV (JSON Resume data): its skills, words, titles, years of
experience, highest degree and languages. Tolerant of any shape: missing or odd values are
skipped, never raised on."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from resumes.scoring.job import _LANGUAGE_WORD, CEFR_RANK, degree_level, level_in
from resumes.scoring.text import fold, tokens, words
from resumes.scoring.vocabulary import find_skills

_DATE = re.compile(r"(\d{4})(?:\D(\d{1,2}))?")
_PRESENT = re.compile(
    r"\b(present|current|now|today|ongoing|oggi|attuale|in corso|presente|aujourd hui|actuel"
    r"|en cours)\b"
)
MAX_TEXT_CHARS = 200_000


@dataclass(frozen=True)
class Profile:
    skills: frozenset[str]
    tokens: frozenset[str]
    bigrams: frozenset[str]
    titles: tuple[str, ...]  # basics.label first, then positions, most recent first
    years: float
    degree: int | None
    languages: dict[str, str]  # code -> CEFR / NATIVE


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _month(value: str, today: date) -> int | None:
    """Months since year 0 for '2019', '2019-03', '03/2019' or 'present' (today)."""
    folded = fold(value)
    if _PRESENT.search(folded):
        return today.year * 12 + today.month - 1
    match = _DATE.search(folded)
    if match is None:
        reverse = re.search(r"(\d{1,2})\D(\d{4})", folded)
        if reverse is None:
            return None
        month, year = int(reverse.group(1)), int(reverse.group(2))
    else:
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else 1
    if not 1 <= month <= 12 or not 1950 <= year <= today.year + 1:
        return None
    return year * 12 + month - 1


def experience_years(work: list[dict[str, Any]], today: date) -> float:
    """Years covered by work entries, overlapping ranges merged; an open end means `today`."""
    now = today.year * 12 + today.month - 1
    ranges: list[tuple[int, int]] = []
    for entry in work:
        start = _month(_s(entry.get("startDate")), today)
        if start is None:
            continue
        end_text = _s(entry.get("endDate"))
        end = _month(end_text, today) if end_text.strip() else now
        if end is None:
            continue
        end = min(end, now)
        if end < start:
            continue
        ranges.append((start, end + 1))  # the end month counts
    total = 0
    current: tuple[int, int] | None = None
    for start, end in sorted(ranges):
        if current is None or start > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        total += current[1] - current[0]
    return total / 12


def cv_language_level(entry: dict[str, Any]) -> str:
    for candidate in (_s(entry.get("cefr")), _s(entry.get("fluency"))):
        folded = fold(candidate).strip()
        if not folded:
            continue
        if folded == "native":
            return "NATIVE"
        level = level_in(folded)
        if level:
            return level
    return "B1"  # listed without a level: assume a working knowledge


def build_profile(resume: dict[str, Any], today: date) -> Profile:
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    assert isinstance(basics, dict)
    work = _dicts(resume.get("work"))
    texts: list[str] = [_s(basics.get("label")), _s(basics.get("summary"))]
    for entry in work:
        texts += [_s(entry.get("position")), _s(entry.get("summary"))]
        texts += _strings(entry.get("highlights"))
    for entry in _dicts(resume.get("skills")):
        texts.append(_s(entry.get("name")))
        texts += _strings(entry.get("keywords"))
    for entry in _dicts(resume.get("projects")):
        texts += [_s(entry.get("name")), _s(entry.get("description"))]
        texts += _strings(entry.get("highlights"))
    for entry in _dicts(resume.get("certificates")):
        texts.append(_s(entry.get("name")))
    education = _dicts(resume.get("education"))
    for entry in education:
        texts += [_s(entry.get("studyType")), _s(entry.get("area"))]
        texts += _strings(entry.get("courses"))
    # Newlines keep a phrase from running across two fields ("React" + "native speaker").
    blob = "\n".join(text for text in texts if text)[:MAX_TEXT_CHARS]
    skills: set[str] = set()
    all_tokens: set[str] = set()
    bigrams: set[str] = set()
    for text in blob.split("\n"):
        line_tokens = tokens(text)
        skills.update(name for _start, _end, name in find_skills(line_tokens))
        all_tokens.update(line_tokens)
        bigrams.update(f"{a} {b}" for a, b in itertools.pairwise(line_tokens))

    degrees = [
        degree_level(fold(f"{_s(entry.get('studyType'))} {_s(entry.get('area'))}"), highest=True)
        for entry in education
    ]
    degree_values = [level for level in degrees if level is not None]

    languages: dict[str, str] = {}
    for entry in _dicts(resume.get("languages")):
        name_words = words(_s(entry.get("language")))
        codes = sorted({_LANGUAGE_WORD[w] for w in name_words if w in _LANGUAGE_WORD})
        level = cv_language_level(entry)
        for code in codes:
            if code not in languages or CEFR_RANK[level] > CEFR_RANK[languages[code]]:
                languages[code] = level

    titles = [_s(basics.get("label"))]
    dated = sorted(
        work,
        key=lambda entry: _month(_s(entry.get("startDate")), today) or 0,
        reverse=True,
    )
    titles += [_s(entry.get("position")) for entry in dated]
    return Profile(
        skills=frozenset(skills),
        tokens=frozenset(all_tokens),
        bigrams=frozenset(bigrams),
        titles=tuple(title for title in titles if title.strip()),
        years=experience_years(work, today),
        degree=max(degree_values) if degree_values else None,
        languages=languages,
    )

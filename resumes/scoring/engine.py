"""Scoring: six weighted components, renormalised over those the job description mentions.

Weights are fixed (WEIGHTS). A component the job text says nothing about (no years, no degree,
no languages…) is left out and the others are scaled up to 100 — and a note says so, so the
user knows what the number rests on. Every output list is in a fixed order (job text order or
sorted), so the same inputs and the same `today` always give the same result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from resumes.scoring.job import _LANGUAGE_WORD as LANGUAGE_WORD
from resumes.scoring.job import (
    CEFR_RANK,
    JUDGED_ELSEWHERE,
    LANGUAGE_NAMES,
    Job,
    JobLine,
    degree_level,
    parse_job,
    required_years,
)
from resumes.scoring.profile import Profile, build_profile
from resumes.scoring.text import stem, tokens, words
from resumes.scoring.vocabulary import STOP_WORDS, find_skills

ENGINE_VERSION = "match-1"
MAX_JOB_CHARS = 20_000

MUST_HAVES, SKILLS, TITLE, EXPERIENCE, EDUCATION, LANGUAGES = (
    "must_haves",
    "skills",
    "title",
    "experience",
    "education",
    "languages",
)
WEIGHTS: dict[str, int] = {
    MUST_HAVES: 35,
    SKILLS: 25,
    TITLE: 15,
    EXPERIENCE: 15,
    EDUCATION: 5,
    LANGUAGES: 5,
}
DEGREE_NAMES = {2: "bachelor", 3: "master", 4: "doctorate"}

# English templates for each reason code (the web layer has translated twins).
MESSAGES: dict[str, str] = {
    "must_met": "Meets must-have: {requirement}",
    "must_missing": "Missing must-have: {requirement}",
    "must_none": "No must-have requirements found in the job description",
    "must_summary": "Meets {met} of {total} must-have requirements",
    "skills_covered": "Covers {matched} of {total} skills and keywords",
    "skills_missing": "Missing: {items}",
    "skills_none": "No skills or keywords found in the job description",
    "nice_met": "Nice to have, on your CV: {items}",
    "title_match": "Job title “{job_title}” matches “{cv_title}” on your CV",
    "title_partial": "Job title “{job_title}” partly matches “{cv_title}” on your CV",
    "title_no_match": "No title on your CV resembles “{job_title}”",
    "title_none": "No job title given",
    "experience_met": "Requires {required}+ years; CV shows about {actual} years",
    "experience_short": "Requires {required}+ years; CV shows about {actual} years",
    "experience_none": "No years of experience required",
    "education_met": "Requires a {required} degree; CV shows a {actual} degree",
    "education_short": "Requires a {required} degree; CV shows a {actual} degree",
    "education_missing": "Requires a {required} degree; none found on your CV",
    "education_equivalent": "Equivalent experience is accepted instead of the degree",
    "education_none": "No degree required",
    "language_met": "{language} {required} required; CV shows {actual}",
    "language_short": "{language} {required} required; CV shows {actual}",
    "language_missing": "{language} {required} required; not listed on your CV",
    "languages_none": "No language requirements",
    "renormalised": "Not mentioned in the job description, so not scored: {components}",
    "thin_job": "The job description is too short to score against",
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, str | int | float] = field(default_factory=dict)
    positive: bool | None = None  # True good news, False a gap, None neutral

    @property
    def text(self) -> str:
        return MESSAGES[self.code].format(**self.params)


@dataclass(frozen=True)
class Requirement:
    text: str
    met: bool
    kind: str  # skill / keyword / experience / education / language
    terms: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    key: str
    weight: int
    applicable: bool
    value: float  # 0..1
    points: float  # contribution to the 0-100 score after renormalisation
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class MatchResult:
    score: int
    job_title: str
    components: tuple[Component, ...]
    must_haves: tuple[Requirement, ...]
    nice_to_haves: tuple[Requirement, ...]
    matched_keywords: tuple[str, ...]
    missing_keywords: tuple[str, ...]
    notes: tuple[Reason, ...]
    engine_version: str = ENGINE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists) for storage."""
        return asdict(self)


# --- requirement lines --------------------------------------------------------------------------


def _has_keyword(profile: Profile, key: str) -> bool:
    # A phrase counts when written as such or when all its words appear ("backend development"
    # for "development backend"): word order differs across languages and phrasing.
    if " " in key:
        return key in profile.bigrams or all(part in profile.tokens for part in key.split())
    return key in profile.tokens


def _content_keys(line: JobLine) -> list[str]:
    keys = [stem(word) for word in words(line.folded)]
    seen: list[str] = []
    for key in keys:
        if key in STOP_WORDS or key in JUDGED_ELSEWHERE:
            continue
        if len(key) >= 4 and not key.isdigit() and key not in seen:
            seen.append(key)
    return seen


def _evaluate(line: JobLine, job: Job, profile: Profile) -> Requirement | None:
    """Whether the CV meets one requirement line; None when the line states nothing checkable."""
    line_tokens = tokens(line.folded)
    skills = sorted({name for _s, _e, name in find_skills(line_tokens)})
    years = required_years(line.folded)
    if years is not None:
        # "3+ years of ICU nursing experience": the years count only in that field.
        field_terms = skills or _content_keys(line)
        present = [
            term
            for term in field_terms
            if (term in profile.skills if skills else _has_keyword(profile, term))
        ]
        in_field = not field_terms or len(present) * 2 >= len(field_terms)
        missing = tuple(term for term in field_terms if term not in present)
        met = profile.years >= years and in_field
        return Requirement(line.text, met, "experience", (f"{years}+", *field_terms), missing)
    level = degree_level(line.folded)
    if level is not None and not skills:
        met = (profile.degree or 0) >= level or job.degree_equivalent
        return Requirement(line.text, met, "education", (DEGREE_NAMES[level],))
    language_codes = sorted(
        {LANGUAGE_WORD[word] for word in words(line.folded) if word in LANGUAGE_WORD}
    )
    wanted = {need.code: need.level for need in job.languages}
    if language_codes and not skills and all(code in wanted for code in language_codes):
        missing = tuple(
            LANGUAGE_NAMES[code]
            for code in language_codes
            if CEFR_RANK.get(profile.languages.get(code, ""), 0) < CEFR_RANK[wanted[code]]
        )
        names = tuple(LANGUAGE_NAMES[code] for code in language_codes)
        return Requirement(line.text, not missing, "language", names, missing)
    if skills:
        missing_skills = tuple(name for name in skills if name not in profile.skills)
        # "Python or Java": any one will do; otherwise most of the list is expected.
        alternatives = any(f" {word} " in f" {line.folded} " for word in ("or", "o", "ou"))
        if alternatives:
            met = len(missing_skills) < len(skills)
        else:
            met = len(missing_skills) * 2 <= len(skills) if len(skills) > 2 else not missing_skills
        return Requirement(line.text, met, "skill", tuple(skills), missing_skills)
    keys = _content_keys(line)
    if not keys:
        return None
    found = [key for key in keys if _has_keyword(profile, key)]
    met = len(found) * 2 >= len(keys)
    missing_keys = tuple(key for key in keys if not _has_keyword(profile, key))
    return Requirement(line.text, met, "keyword", tuple(keys), missing_keys)


def _requirements(lines: tuple[JobLine, ...], job: Job, profile: Profile) -> list[Requirement]:
    evaluated = (_evaluate(line, job, profile) for line in lines)
    return [requirement for requirement in evaluated if requirement is not None]


# --- components ---------------------------------------------------------------------------------


def _must_haves(requirements: list[Requirement]) -> tuple[bool, float, list[Reason]]:
    if not requirements:
        return False, 0.0, [Reason("must_none")]
    met = [item for item in requirements if item.met]
    reasons = [
        Reason("must_missing", {"requirement": item.text}, False)
        for item in requirements
        if not item.met
    ]
    reasons += [Reason("must_met", {"requirement": item.text}, True) for item in met]
    summary = Reason("must_summary", {"met": len(met), "total": len(requirements)}, None)
    reasons.insert(0, summary)
    return True, len(met) / len(requirements), reasons


def _skills(job: Job, profile: Profile) -> tuple[bool, float, list[Reason], list[str], list[str]]:
    # Skills weigh 1 (nice-to-have skills 0.5), other keywords 0.5: the vocabulary is curated,
    # extracted keywords are a guess.
    items: list[tuple[str, float, bool]] = []
    nice = set(job.nice_skills)
    for name in job.skills:
        items.append((name, 0.5 if name in nice else 1.0, name in profile.skills))
    for key, display in job.keywords:
        items.append((display, 0.5, _has_keyword(profile, key)))
    if not items:
        return False, 0.0, [Reason("skills_none")], [], []
    total = sum(weight for _name, weight, _found in items)
    got = sum(weight for _name, weight, found in items if found)
    matched = sorted({name for name, _w, found in items if found}, key=str.casefold)
    missing = sorted({name for name, _w, found in items if not found}, key=str.casefold)
    reasons = [
        Reason(
            "skills_covered",
            {"matched": len(matched), "total": len(matched) + len(missing)},
            got >= total / 2,
        )
    ]
    if missing:
        reasons.append(Reason("skills_missing", {"items": ", ".join(missing)}, False))
    nice_met = sorted(name for name in nice if name in profile.skills)
    if nice_met:
        reasons.append(Reason("nice_met", {"items": ", ".join(nice_met)}, True))
    return True, got / total, reasons, matched, missing


# Job-title words in Italian and French folded onto English ones; seniority words carry no fit.
_TITLE_SYNONYMS = {
    "sviluppatore": "developer", "sviluppatrice": "developer", "developpeur": "developer",
    "developpeuse": "developer", "programmatore": "developer", "programmer": "developer",
    "dev": "developer", "engineer": "engineer", "ingegnere": "engineer", "ingenieur": "engineer",
    "software": "software", "logiciel": "software", "analista": "analyst", "analyste": "analyst",
    "responsabile": "manager", "gestionnaire": "manager", "responsable": "manager",
    "progettista": "designer", "concepteur": "designer", "scientist": "scientist",
    "consulente": "consultant", "commerciale": "sales", "commercial": "sales",
    "vendeur": "sales", "venditore": "sales", "contabile": "accountant", "comptable": "accountant",
    "infermiere": "nurse", "infirmier": "nurse", "infirmiere": "nurse", "insegnante": "teacher",
    "enseignant": "teacher", "professeur": "teacher", "dati": "data", "donnee": "data",
    "frontend": "frontend", "backend": "backend", "fullstack": "fullstack",
}  # fmt: skip
_SENIORITY_WORDS = (
    "senior", "junior", "lead", "principal", "staff", "head", "chief", "intern", "stagiaire",
    "stagista", "tirocinante", "mid", "level", "medior", "jr", "sr", "ii", "iii", "confirme",
    "confirmee", "esperto", "h", "f", "m", "w", "x",
)  # fmt: skip
_SENIORITY = frozenset(_SENIORITY_WORDS)


def _title_words(title: str) -> set[str]:
    folded_words = [stem(w) for w in words(title.replace("-", " "))]
    joined = " ".join(folded_words)
    joined = joined.replace("front end", "frontend").replace("back end", "backend")
    joined = joined.replace("full stack", "fullstack")
    result = set()
    for word in joined.split():
        word = _TITLE_SYNONYMS.get(word, word)
        if word in _SENIORITY or word in STOP_WORDS or len(word) < 2:
            continue
        result.add(word)
    # "Python developer" and "Développeur Python" name the same skill: fold skills to names.
    return result


def _title(job_title: str, profile: Profile) -> tuple[bool, float, list[Reason]]:
    wanted = _title_words(job_title)
    if not wanted:
        return False, 0.0, [Reason("title_none")]
    best, best_title = 0.0, ""
    for index, cv_title in enumerate(profile.titles[:8]):
        have = _title_words(cv_title)
        if not have:
            continue
        overlap = len(wanted & have) / len(wanted)
        if index > 1:
            overlap *= 0.8  # an older position fits less than the current one
        if overlap > best:
            best, best_title = overlap, cv_title
    params: dict[str, str | int | float] = {"job_title": job_title, "cv_title": best_title}
    if best >= 0.99:
        return True, 1.0, [Reason("title_match", params, True)]
    if best > 0:
        return True, best, [Reason("title_partial", params, best >= 0.5)]
    return True, 0.0, [Reason("title_no_match", {"job_title": job_title}, False)]


def _about(years: float) -> str:
    return f"{round(years * 2) / 2:g}"


def _experience(job: Job, profile: Profile) -> tuple[bool, float, list[Reason]]:
    if job.years is None:
        return False, 0.0, [Reason("experience_none")]
    actual = _about(profile.years)
    if profile.years < job.years and float(actual) >= job.years:
        actual = f"{int(profile.years * 10) / 10:g}"  # 2.9 years is short of 3: never say "3"
    params: dict[str, str | int | float] = {"required": job.years, "actual": actual}
    if profile.years >= job.years:
        return True, 1.0, [Reason("experience_met", params, True)]
    return True, profile.years / job.years, [Reason("experience_short", params, False)]


def _education(job: Job, profile: Profile) -> tuple[bool, float, list[Reason]]:
    if job.degree is None:
        return False, 0.0, [Reason("education_none")]
    required = DEGREE_NAMES[job.degree]
    have = profile.degree
    reasons: list[Reason] = []
    if have is not None and have >= job.degree:
        value = 1.0
        reasons.append(
            Reason("education_met", {"required": required, "actual": DEGREE_NAMES[have]}, True)
        )
    elif have is not None:
        value = 0.5 if have == job.degree - 1 else 0.25
        reasons.append(
            Reason("education_short", {"required": required, "actual": DEGREE_NAMES[have]}, False)
        )
    else:
        value = 0.0
        reasons.append(Reason("education_missing", {"required": required}, False))
    if value < 1 and job.degree_equivalent:
        value = max(value, 0.5)
        reasons.append(Reason("education_equivalent"))
    return True, value, reasons


def _level_name(level: str) -> str:
    return "native" if level == "NATIVE" else level


def _languages(job: Job, profile: Profile) -> tuple[bool, float, list[Reason]]:
    if not job.languages:
        return False, 0.0, [Reason("languages_none")]
    values: list[float] = []
    reasons: list[Reason] = []
    for need in job.languages:
        params: dict[str, str | int | float] = {
            "language": LANGUAGE_NAMES[need.code],
            "required": _level_name(need.level),
        }
        have = profile.languages.get(need.code)
        if have is None:
            values.append(0.0)
            reasons.append(Reason("language_missing", params, False))
            continue
        params["actual"] = _level_name(have)
        gap = CEFR_RANK[need.level] - CEFR_RANK[have]
        if gap <= 0:
            values.append(1.0)
            reasons.append(Reason("language_met", params, True))
        else:
            values.append(0.5 if gap == 1 else 0.0)
            reasons.append(Reason("language_short", params, False))
    return True, sum(values) / len(values), reasons


# --- the score ----------------------------------------------------------------------------------


def score_match(
    resume: dict[str, Any] | None, job_text: str, *, today: date, job_title: str = ""
) -> MatchResult:
    """Score a CV (JSON Resume data) against a job description; `today` ends open date ranges.

    `job_title`, when given, overrides the title read from the job text. The text is bounded to
    MAX_JOB_CHARS; nothing in it is interpreted as an instruction.
    """
    job = parse_job(job_text or "", MAX_JOB_CHARS)
    profile = build_profile(resume if isinstance(resume, dict) else {}, today)
    title = (job_title or "").strip()[:120] or job.title

    must = _requirements(job.must_lines, job, profile)
    nice = _requirements(job.nice_lines, job, profile)
    skills_ok, skills_value, skills_reasons, matched, missing = _skills(job, profile)
    parts: dict[str, tuple[bool, float, list[Reason]]] = {
        MUST_HAVES: _must_haves(must),
        SKILLS: (skills_ok, skills_value, skills_reasons),
        TITLE: _title(title, profile),
        EXPERIENCE: _experience(job, profile),
        EDUCATION: _education(job, profile),
        LANGUAGES: _languages(job, profile),
    }
    applicable_weight = sum(WEIGHTS[key] for key, part in parts.items() if part[0])
    components: list[Component] = []
    total = 0.0
    for key, (applicable, value, reasons) in parts.items():
        value = min(max(value, 0.0), 1.0)
        points = value * WEIGHTS[key] * 100 / applicable_weight if applicable else 0.0
        total += points
        components.append(
            Component(
                key, WEIGHTS[key], applicable, round(value, 4), round(points, 2), tuple(reasons)
            )
        )
    notes: list[Reason] = []
    skipped = [key for key, part in parts.items() if not part[0]]
    # Without skills/keywords or must-haves there is nothing job-specific to compare: say so
    # rather than produce a confident number from a title alone.
    if not parts[MUST_HAVES][0] and not parts[SKILLS][0]:
        notes.append(Reason("thin_job"))
        total = 0.0
    elif skipped:
        notes.append(Reason("renormalised", {"components": ", ".join(skipped)}))
    score = int(total + 0.5) if applicable_weight else 0
    return MatchResult(
        score=max(0, min(100, score)),
        job_title=title,
        components=tuple(components),
        must_haves=tuple(must),
        nice_to_haves=tuple(nice),
        matched_keywords=tuple(matched),
        missing_keywords=tuple(missing),
        notes=tuple(notes),
    )

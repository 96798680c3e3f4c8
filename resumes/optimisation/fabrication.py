"""The fabrication check: does a suggestion state anything the source CV does not?

Every suggestion — from the local engine or an external model — is compared with the *whole*
source CV (not just the text it rewrites, so moving a fact from one bullet to another is fine,
and never with the job description, so copying the ad's wish list into the CV is caught).
Flagged kinds:

* skill — a skill from our vocabulary that the CV never names;
* employer — a proper name (capitalised words) the CV never mentions: an employer, client or
  organisation;
* title — a job-title or seniority word ("senior", "manager", "lead") the CV never uses;
* date — a year or month the CV never mentions;
* degree — a degree word ("MSc", "bachelor", "laurea") the CV never uses;
* figure — any other number the CV never states (an invented metric is a fabrication too).

A flag is a warning: the user sees it and may still apply the suggestion after an explicit
confirmation (it may be a true fact they forgot to put in the CV).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from resumes.scoring.text import fold, tokens, words
from resumes.scoring.vocabulary import find_skills

FLAG_KINDS = ("employer", "title", "date", "degree", "skill", "figure")

_TITLE_WORDS = frozenset(
    """
    engineer engineers developer developers manager managers director directors lead leads head
    chief principal senior junior staff architect analyst scientist consultant designer officer
    vp president founder cofounder co-founder cto ceo cfo coo cio cmo intern trainee
    specialist coordinator administrator supervisor owner partner associate executive
    responsabile direttore dirigente ingegnere sviluppatore analista consulente stagista
    tirocinante capo coordinatore ingenieur developpeur directeur responsable chef stagiaire
    consultant analyste
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
_DEGREE_WORDS = frozenset(
    """
    bachelor bachelors master masters msc bsc mba phd ba ma meng beng doctorate doctoral
    doctor degree diploma llb llm mphil dphil laurea magistrale triennale dottorato licence
    doctorat baccalaureat bts dut
    """.split()  # noqa: SIM905
)
_MONTHS = frozenset(
    """
    january february march april june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec gennaio febbraio marzo aprile maggio giugno luglio
    agosto settembre ottobre novembre dicembre janvier fevrier mars avril mai juin juillet aout
    septembre octobre novembre decembre
    """.split()  # noqa: SIM905
)
# Capitalised words that name no organisation: sentence starts are skipped separately.
_COMMON_CAPITALISED = frozenset(
    """
    i a an the and or of for in on at to with by from as our my we our their this that these
    those it its via per
    """.split()  # noqa: SIM905
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"^(19|20)\d\d$")
_WORD = re.compile(r"[^\W\d_][\w'\u2019&.-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;•]\s*$")


@dataclass(frozen=True)
class SourceFacts:
    """What the source CV states, folded for comparison."""

    words: frozenset[str]
    numbers: frozenset[str]
    skills: frozenset[str]
    text: str  # folded full text, for phrase checks


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _numbers(text: str) -> set[str]:
    return {match.replace(",", ".") for match in _NUMBER.findall(text)}


def source_facts(data: dict[str, Any]) -> SourceFacts:
    text = "\n".join(_strings(data))
    folded = fold(text)
    all_words = set(words(text))
    # Dates are stored as 2021-03: the month is stated, so its names count as stated too.
    return SourceFacts(
        words=frozenset(all_words),
        numbers=frozenset(_numbers(text)),
        skills=frozenset(name for _s, _e, name in find_skills(tokens(text))),
        text=folded,
    )


def _proper_names(text: str) -> list[str]:
    """Runs of capitalised words that do not start a sentence: candidate proper names."""
    names: list[str] = []
    current: list[str] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".")
        gap = text[previous_end : match.start()]
        starts_sentence = previous_end == 0 or bool(_SENTENCE_END.search(text[: match.start()]))
        capitalised = word[:1].isupper() and word.lower() not in _COMMON_CAPITALISED
        if capitalised and not starts_sentence:
            if current and gap.strip() in ("", "&", "-"):
                current.append(word)
            else:
                if current:
                    names.append(" ".join(current))
                current = [word]
        else:
            if current:
                names.append(" ".join(current))
            current = []
        previous_end = match.end()
    if current:
        names.append(" ".join(current))
    return names


def flags_for_text(facts: SourceFacts, text: str) -> list[dict[str, str]]:
    """The fabrication flags of one suggested text, in a stable order, without duplicates."""
    found: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str) -> None:
        key = (kind, value.lower())
        if key not in seen:
            seen.add(key)
            found.append({"kind": kind, "value": value})

    new_skills = [name for _s, _e, name in find_skills(tokens(text)) if name not in facts.skills]
    for name in new_skills:
        add("skill", name)
    skill_words = {word for name in new_skills for word in words(name)}

    for word in re.findall(r"[^\W\d_]+", text):
        folded = fold(word)
        if folded in facts.words:
            continue
        if folded in _TITLE_WORDS:
            add("title", word)
        elif folded in _DEGREE_WORDS:
            add("degree", word)
        elif folded in _MONTHS:
            add("date", word)

    for number in sorted(_numbers(text) - facts.numbers):
        add("date" if _YEAR.match(number) else "figure", number)

    for name in _proper_names(text):
        name_words = words(name)
        unknown = [
            word
            for word in name_words
            if word not in facts.words
            and word not in skill_words
            and word not in _TITLE_WORDS
            and word not in _DEGREE_WORDS
            and word not in _MONTHS
        ]
        if unknown:
            add("employer", name)
    return found


def flags_for_items(
    facts: SourceFacts, items: list[str], source: list[str]
) -> list[dict[str, str]]:
    """Flags of a reordering: any item that is not one of the source items is new content."""
    known = {fold(item).strip() for item in source}
    found: list[dict[str, str]] = []
    for item in items:
        if fold(item).strip() in known:
            continue
        item_flags = flags_for_text(facts, item)
        found.extend(item_flags or [{"kind": "skill", "value": item}])
    return found

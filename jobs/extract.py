"""Quick add: guess company, title, location, workplace, salary and source from a pasted job ad
and/or its URL. Pure functions, no network (the URL is never fetched): the guesses prefill the
form, and the user checks them before anything is saved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_LABELS = {
    "title": ("job title", "title", "position", "role", "poste", "stelle", "posizione", "puesto"),
    "company": (
        "company",
        "employer",
        "organisation",
        "organization",
        "entreprise",
        "azienda",
        "unternehmen",
        "empresa",
        "hiring company",
    ),
    "location": (
        "location",
        "based in",
        "office",
        "lieu",
        "standort",
        "sede",
        "ubicación",
        "city",
        "where",
    ),
}
_LABEL_RE = re.compile(r"^\s*(?P<label>[A-Za-zÀ-ÿ ]{2,24})\s*[:\-\u2013|]\s*(?P<value>.+?)\s*$")
_HIRING_RE = re.compile(
    r"^(?P<company>[A-Z][\w&.,' -]{1,60}?)\s+"
    r"(?:is hiring|is looking for|are hiring|are looking for)"
    r"(?:\s+an?)?\s*(?P<title>[^.!\n]{3,80})?",
    re.IGNORECASE,
)
_AT_RE = re.compile(
    r"^(?P<title>[^\n]{3,90}?)\s+(?:at|@|chez|bei|presso|en)\s+(?P<company>[^\n,|(]{2,60})"
)
_ABOUT_RE = re.compile(r"^about\s+(?P<company>[A-Z][\w&.' -]{1,60}?)\s*:?\s*$", re.IGNORECASE)
_MONEY = r"(?:[€$£]\s?)?\d{1,3}(?:[.,\s]?\d{3})*(?:\s?[kK])?(?:\s?[€$£])?"
_SALARY_RE = re.compile(
    rf"(?P<low>{_MONEY})\s*(?:-|\u2013|to|bis|à|a)\s*(?P<high>{_MONEY})\s*(?P<cur>EUR|USD|GBP|CHF|€|\$|£)?"
    r"\s*(?:(?:per|a|/)\s*(?P<period>year|annum|month|day|hour|yr|mo|hr))?",
    re.IGNORECASE,
)
_CURRENCY = {"€": "EUR", "$": "USD", "£": "GBP"}
_PERIOD = {
    "year": "year",
    "annum": "year",
    "yr": "year",
    "month": "month",
    "mo": "month",
    "day": "day",
    "hour": "hour",
    "hr": "hour",
}
_SOURCES = {
    "linkedin.": "LinkedIn",
    "indeed.": "Indeed",
    "glassdoor.": "Glassdoor",
    "welcometothejungle.": "Welcome to the Jungle",
    "stepstone.": "StepStone",
    "greenhouse.io": "Greenhouse",
    "lever.co": "Lever",
    "workable.com": "Workable",
    "adzuna.": "Adzuna",
    "monster.": "Monster",
    "xing.": "XING",
    "infojobs.": "InfoJobs",
}
# Job boards that put the company's slug first in the path.
_COMPANY_IN_PATH = ("greenhouse.io", "lever.co", "workable.com", "ashbyhq.com", "recruitee.com")


@dataclass
class Guess:
    company: str = ""
    title: str = ""
    location: str = ""
    workplace_type: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_period: str = ""
    source: str = ""
    found: list[str] = field(default_factory=list)

    def initial(self) -> dict[str, object]:
        data: dict[str, object] = {
            k: v for k, v in self.__dict__.items() if k != "found" and v not in ("", None)
        }
        return data


def _amount(text: str) -> int | None:
    thousands = text.strip().lower().endswith("k") or "k" in text.lower().replace(" ", "")[-2:]
    digits = re.sub(r"[^\d]", "", text)
    if not digits:
        return None
    value = int(digits)
    if thousands and value < 10_000:
        value *= 1000
    return value


def _clean(value: str, limit: int) -> str:
    value = re.sub(r"\s+", " ", value).strip(" \t-\u2013|•*#:")
    return value[:limit]


def guess_from_url(url: str) -> Guess:
    guess = Guess()
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    for needle, name in _SOURCES.items():
        if needle in host:
            guess.source = name
            break
    if host.endswith(_COMPANY_IN_PATH):
        slug = next((p for p in parts.path.split("/") if p), "")
        if slug and slug not in ("jobs", "j", "o"):
            guess.company = _clean(slug.replace("-", " ").replace("_", " ").title(), 160)
    elif host and not guess.source:
        # careers.acme.com / jobs.acme.com: the registrable name is the company.
        labels = [p for p in host.split(".") if p not in ("www", "careers", "jobs", "career")]
        if len(labels) >= 2:
            guess.company = labels[-2].replace("-", " ").title()
    if guess.source or guess.company:
        guess.found.append("url")
    return guess


def guess_from_text(text: str) -> Guess:
    guess = Guess()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:60]:
        labelled = _LABEL_RE.match(line)
        if labelled:
            label = labelled.group("label").strip().lower()
            value = labelled.group("value")
            for key, names in _LABELS.items():
                if label in names and not getattr(guess, key):
                    setattr(guess, key, _clean(value, 160 if key != "title" else 200))
                    guess.found.append(key)
        if not guess.company:
            about = _ABOUT_RE.match(line)
            if about:
                guess.company = _clean(about.group("company"), 160)
        if not guess.company:
            hiring = _HIRING_RE.match(line)
            if hiring:
                guess.company = _clean(hiring.group("company"), 160)
                if hiring.group("title") and not guess.title:
                    guess.title = _clean(hiring.group("title"), 200)
    if lines and not (guess.title and guess.company):
        at = _AT_RE.match(lines[0])
        if at:
            guess.title = guess.title or _clean(at.group("title"), 200)
            guess.company = guess.company or _clean(at.group("company"), 160)
    if not guess.title and lines and len(lines[0]) <= 90 and not _LABEL_RE.match(lines[0]):
        # Ads usually open with the job title.
        guess.title = _clean(lines[0], 200)
    lowered = text.lower()
    if re.search(r"\bhybrid\b|\bhybride?\b|\bibrido\b", lowered):
        guess.workplace_type = "hybrid"
    elif re.search(r"\b(fully |100% )?remote\b|\btélétravail\b|\bda remoto\b", lowered):
        guess.workplace_type = "remote"
    elif re.search(r"\bon[- ]site\b|\bin[- ]office\b", lowered):
        guess.workplace_type = "onsite"
    salary = _SALARY_RE.search(text)
    if salary:
        low, high = _amount(salary.group("low")), _amount(salary.group("high"))
        if low and high and low <= high and high >= 100:
            guess.salary_min, guess.salary_max = low, high
            symbol = salary.group("cur") or next((c for c in "€$£" if c in salary.group(0)), "")
            guess.salary_currency = _CURRENCY.get(symbol, symbol.upper())[:3]
            period = (salary.group("period") or "").lower()
            guess.salary_period = _PERIOD.get(period, "year" if high >= 10_000 else "")
            guess.found.append("salary")
    for key in ("title", "company", "location"):
        value = getattr(guess, key)
        if value and key not in guess.found:
            guess.found.append(key)
    return guess


def guess_application(*, url: str = "", text: str = "") -> Guess:
    """What the pasted text says wins over what the URL suggests."""
    from_url = guess_from_url(url) if url else Guess()
    from_text = guess_from_text(text) if text else Guess()
    merged = Guess(found=sorted(set(from_url.found + from_text.found)))
    for key in merged.__dict__:
        if key == "found":
            continue
        setattr(merged, key, getattr(from_text, key) or getattr(from_url, key))
    return merged

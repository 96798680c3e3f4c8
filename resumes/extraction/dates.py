# ruff: noqa: RUF001, RUF002 - CV text is full of dashes, bullets and curly quotes
"""Dates and date ranges as CVs write them, in English, Italian and French.

Every pattern here is a flat alternation with bounded repetition, so matching is linear in the line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .vocabulary import fold

_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan gennaio gen janvier janv",
        "february feb febbraio febbr fevrier février fevr févr fev fév",
        "march mar marzo mars",
        "april apr aprile avril avr",
        "may mag maggio mai",
        "june jun giugno giu juin",
        "july jul luglio lug juillet juil",
        "august aug agosto ago août aout",
        "september sep sept settembre set sett septembre",
        "october oct ottobre ott octobre",
        "november nov novembre",
        "december dec dicembre dic décembre decembre déc",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTH_NAMES[_name] = _number

_MONTH = "|".join(sorted((re.escape(n) for n in _MONTH_NAMES), key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_PRESENT_WORDS = (
    r"present|presently|current|currently|now|today|ongoing|to date|à présent|a présent|présent|"
    r"alla data attuale|data attuale|a tutt['’]oggi|oggi|ad oggi|attuale|in corso|presente|tuttora|"
    r"aujourd['’]hui|à ce jour|a ce jour|actuel|actuellement|en cours|maintenant|ce jour"
)

_DATE_RE = re.compile(
    rf"(?<![\w/.])(?:"
    # Full dates keep only year and month: 01/03/2019 (day first, as in Europe), 2019-03-01.
    rf"(?P<d0>\d{{1,2}})[/.\-](?P<m0>\d{{1,2}})[/.\-](?P<y0>{_YEAR})"
    rf"|(?P<y5>{_YEAR})-(?P<m5>\d{{2}})-\d{{2}}"
    rf"|(?:\d{{1,2}}(?:er|st|nd|rd|th|º|°)?\s{{1,2}})?"
    rf"(?P<mon>{_MONTH})\.?,?\s{{0,3}}(?:of\s|de\s|d['’]|di\s)?(?P<y1>{_YEAR})"
    rf"|(?P<mm>\d{{1,2}})\s?[/.\-]\s?(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})[/.\-](?P<mm3>\d{{1,2}})(?![\d/.\-])"
    rf"|(?P<y4>{_YEAR})"
    rf"|(?P<present>{_PRESENT_WORDS})"
    rf")(?![\w])",
    re.IGNORECASE,
)
_RANGE_GAP_RE = re.compile(
    r"\s{0,4}(?:[-–—−~→]|->|to|until|till|a|al|all['’]|fino a|fino al|à|au|jusqu['’]à|"
    r"jusqu['’]au|through|thru)?\s{0,4}[-–—]?\s{0,4}",
    re.IGNORECASE,
)
_OPEN_PREFIX_RE = re.compile(
    r"(?:since|from|dal|dall['’]|da|dalla|depuis|depuis le|à partir de|a partir de)\s{1,3}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateToken:
    value: str | None  # "YYYY-MM" or "YYYY"; None for "present"
    present: bool
    start: int
    end: int


@dataclass(frozen=True)
class DateRange:
    start_date: str | None
    end_date: str | None  # None when ongoing ("present", "oggi", "aujourd'hui") or unknown
    ongoing: bool
    start: int
    end: int


def date_tokens(line: str) -> list[DateToken]:
    tokens: list[DateToken] = []
    for match in _DATE_RE.finditer(line):
        if match.group("present"):
            tokens.append(DateToken(None, True, match.start(), match.end()))
            continue
        year = (
            match.group("y0")
            or match.group("y5")
            or match.group("y1")
            or match.group("y2")
            or match.group("y3")
            or match.group("y4")
        )
        month: int | None = None
        if match.group("y0"):
            day_first, second = int(match.group("d0")), int(match.group("m0"))
            # 03/25/2019 can only be month first; otherwise read day first.
            month = day_first if second > 12 >= day_first else second
            if not 1 <= month <= 12:
                month = None
        elif match.group("y5"):
            month = int(match.group("m5"))
            if not 1 <= month <= 12:
                month = None
        elif match.group("mon"):
            month = _MONTH_NAMES.get(fold(match.group("mon")).rstrip("."))
            if month is None:
                month = _MONTH_NAMES.get(match.group("mon").lower())
        elif match.group("mm") or match.group("mm3"):
            month = int(match.group("mm") or match.group("mm3"))
            if not 1 <= month <= 12:
                month = None
        value = f"{year}-{month:02d}" if month else year
        tokens.append(DateToken(value, False, match.start(), match.end()))
    return tokens


def find_range(line: str) -> DateRange | None:
    """The first date range in a line ("Jan 2020 – Present", "2018-2020", "dal 2019 al 2021")."""
    tokens = date_tokens(line)
    for first, second in itertools.pairwise(tokens):
        if first.present:
            continue
        gap = line[first.end : second.start]
        if _RANGE_GAP_RE.fullmatch(gap):
            return DateRange(
                first.value,
                None if second.present else second.value,
                second.present,
                first.start,
                second.end,
            )
    for token in tokens:
        if token.present:
            continue
        if _OPEN_PREFIX_RE.search(line[max(0, token.start - 16) : token.start]):
            prefix = _OPEN_PREFIX_RE.search(line[max(0, token.start - 16) : token.start])
            assert prefix is not None
            begin = max(0, token.start - 16) + prefix.start()
            return DateRange(token.value, None, True, begin, token.end)
    return None


_ENDS_MID_DATE_RE = re.compile(
    rf"(?:(?<![\w])(?:{_MONTH})\.?|(?:{_YEAR}|{_MONTH}\.?)\s{{0,3}}[-–—]|\b(?:to|au|al|a|à))\s{{0,3}}$",
    re.IGNORECASE,
)
_STARTS_WITH_DATE_RE = re.compile(
    rf"^\s{{0,3}}(?:{_YEAR}|(?:{_MONTH})\.?\s{{0,3}}{_YEAR}|{_PRESENT_WORDS})", re.I
)


def continues_date(line: str, next_line: str) -> bool:
    """A date range broken over two lines by a narrow column ("… | sept." / "2021–présent")."""
    return bool(_ENDS_MID_DATE_RE.search(line[-40:])) and bool(
        _STARTS_WITH_DATE_RE.match(next_line)
    )


def find_single_date(line: str) -> DateToken | None:
    for token in date_tokens(line):
        if not token.present:
            return token
    return None


# "(3 years 11 months)", "· 2 yrs 3 mos", "(2 anni)", "(1 an 3 mois)" after a date range.
_DURATION_RE = re.compile(
    r"[(·]?\s{0,3}\d{1,2}\s{0,2}(?:years?|yrs?|anni|anno|ans?)"
    r"(?:\s{0,2}(?:,|and|e|et)?\s{0,2}\d{1,2}\s{0,2}(?:months?|mos?|mesi|mese|mois))?\s{0,3}\)?"
    r"|[(·]?\s{0,3}\d{1,2}\s{0,2}(?:months?|mos?|mesi|mese|mois)\s{0,3}\)?",
    re.IGNORECASE,
)


def strip_span(line: str, start: int, end: int) -> str:
    """The line without the date text, with leftover separators trimmed."""
    rest = line[:start] + " " + line[end:]
    rest = _DURATION_RE.sub(" ", rest)
    rest = re.sub(r"[(\[]\s*[)\]]", " ", rest)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" \t,;:|·•–—-[]")
    # Trim a bracket only when it lost its partner with the date ("(2019)" -> "", "X (CSCP)" stays).
    while rest.endswith(")") and rest.count(")") > rest.count("("):
        rest = rest[:-1].rstrip(" ,;:|·•–—-")
    while rest.startswith("(") and rest.count("(") > rest.count(")"):
        rest = rest[1:].lstrip(" ,;:|·•–—-")
    if rest.endswith("("):
        rest = rest[:-1].rstrip(" ,;:|·•–—-")
    return rest

# ruff: noqa: RUF001, RUF003 - CV text is full of dashes, bullets and curly quotes
"""Extracted CV text -> JSON Resume shaped dict, with deterministic heuristics.

The text is data: nothing in it is ever interpreted as an instruction. Every step works line by line
with linear regexes, and the input is capped (normalise.MAX_CHARS), so time is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import contact as ct
from .dates import DateRange, continues_date, find_range, find_single_date, strip_span
from .normalise import Line, to_lines
from .vocabulary import (
    COMPANY_WORDS,
    COUNTRIES,
    DEGREE_PHRASES,
    FLUENCY_WORDS,
    HEADING_TO_SECTION,
    LANGUAGE_NAMES,
    NATIVE_WORDS,
    SCHOOL_WORDS,
    TITLE_WORDS,
    fold,
)

FIELD_PATHS = (
    "basics.name",
    "basics.label",
    "basics.email",
    "basics.phone",
    "basics.url",
    "basics.location",
    "basics.profiles",
    "basics.summary",
    "work",
    "education",
    "skills",
    "languages",
    "certificates",
    "projects",
)

_HEADING_STRIP_RE = re.compile(r"^[\W_]+|[\W_]+$")
_INLINE_SECTIONS = {"skills", "languages", "certificates", "summary", "other", "contact"}
# "Rossi", "ROSSI", "O'Connor", "McDonald", "Jean-Luc", "D'Angelo", "J."
_NAME_WORD_RE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ](?:[a-zà-öø-ÿ]{1,20}|['’][A-ZÀ-ÖØ-Þa-zà-öø-ÿ]|-[A-ZÀ-ÖØ-Þ]|c[A-Z]|ac[A-Z]){1,8}$"
    r"|^[A-ZÀ-ÖØ-Þ'’\-]{2,}$|^[A-Z]\.$"
)
# "Nome e cognome: …", "Name - …", "Nom et prénom …" (Europass forms sometimes drop the colon).
_NAME_LABEL_RE = (
    r"^(?:full name|name|nome e cognome|nome|nom et prénom|nom|prénom et nom)"
    r"(?:\s*[:\-]\s*|\s+(?=[A-ZÀ-Þ]))"
)
_NOT_A_NAME = frozenset(("curriculum", "vitae", "resume", "cv", "europass", "portfolio"))
_NAME_PARTICLES = {
    "de",
    "di",
    "da",
    "del",
    "della",
    "van",
    "von",
    "le",
    "la",
    "d'",
    "dos",
    "du",
    "des",
    "el",
    "bin",
    "ter",
    "den",
}
_STRONG_SEP_RE = re.compile(r"\s+[|·•▪—–]\s+|\s*\|\s*|\s+-\s+|\s+@\s+|\s+(?:at|presso|chez|c/o)\s+")
_STRONG_SEP_NO_AT_RE = re.compile(r"\s+[|·•▪—–]\s+|\s*\|\s*|\s+-\s+")
_AT_SEP_RE = re.compile(r"\s+(?:@|at|presso|chez|c/o)\s+", re.IGNORECASE)
_LIST_SEP_RE = re.compile(r"[,;|·•▪]")
_CEFR_RE = re.compile(r"(?<![A-Za-z])([ABC][12])(?![0-9])", re.IGNORECASE)
_SCORE_RE = re.compile(
    r"^(?:final\s+)?(?:grade|gpa|score|classification|voto(?: di laurea)?|votazione|punteggio|"
    r"mention|note finale|note|result|risultato)\s{0,3}[:\-–]?\s{0,3}(?P<score>.{1,60})$",
    re.IGNORECASE,
)
_BARE_SCORE_RE = re.compile(
    r"^(?:\d{2,3}\s?/\s?\d{2,3}(?:\s(?:e lode|cum laude|with honou?rs))?|"
    r"first[- ]class(?: honou?rs)?|2:1|2:2|summa cum laude|magna cum laude|cum laude|"
    r"mention (?:tres bien|très bien|bien|assez bien))$",
    re.IGNORECASE,
)
_REMOTE_WORDS = {
    "remote",
    "hybrid",
    "da remoto",
    "in remoto",
    "smart working",
    "teletravail",
    "télétravail",
    "a distance",
    "à distance",
    "full remote",
}
_CERT_WORDS = (
    "certif",
    "certified",
    "license",
    "licence",
    "accredit",
    "attestat",
    "abilitazione",
    "habilitation",
    "diploma",
    "course",
    "corso",
    "formation",
    "badge",
)


@dataclass
class Block:
    """Lines under one heading (or before any heading: key "top")."""

    key: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Parsed:
    summary: list[str] = field(default_factory=list)
    work: list[dict[str, Any]] = field(default_factory=list)
    education: list[dict[str, Any]] = field(default_factory=list)
    skills: list[dict[str, Any]] = field(default_factory=list)
    languages: list[dict[str, Any]] = field(default_factory=list)
    certificates: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------- public


def extract_resume(text: str, *, locale_hint: str | None = None) -> dict[str, Any]:
    """Turn a CV's plain text into a JSON Resume shaped dict plus a `meta` block.

    `locale_hint` ("en", "it", "fr") is recorded in `meta` and changes nothing else: the
    vocabularies of all three languages are always active because CVs mix them (an Italian CV with
    English headings is common). Same input, same output; the text is data, never instructions.
    """
    lines = _join_broken_dates(to_lines(text))
    blocks = _split_blocks(lines)
    basics, consumed = _basics(lines, blocks)
    parsed = Parsed()
    for block in blocks:
        body = [ln for ln in block.lines if id(ln) not in consumed]
        _parse_block(block.key, body, parsed)
    if parsed.summary:
        basics["summary"] = " ".join(parsed.summary)
    resume: dict[str, Any] = {
        "basics": _prune(basics),
        "work": [_prune(w) for w in parsed.work],
        "education": [_prune(e) for e in parsed.education],
        "skills": _merge_skills(parsed.skills),
        "languages": _dedupe(parsed.languages, "language"),
        "certificates": [_prune(c) for c in parsed.certificates],
        "projects": [_prune(p) for p in parsed.projects],
    }
    resume["basics"].setdefault("profiles", [])
    resume["meta"] = _meta(resume, locale_hint)
    return resume


def _join_broken_dates(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if out and not line.bullet and out[-1].text and continues_date(out[-1].text, line.text):
            out[-1] = Line(f"{out[-1].text} {line.text}", out[-1].bullet)
            continue
        out.append(line)
    return out


# ----------------------------------------------------------------------------------- headings


_HEADING_TAIL_WORDS = (
    "skills competenze competences languages lingue langues experience experiences esperienza "
    "esperienze education formazione formation certifications certificazioni projects progetti "
    "projets"
)
_HEADING_TAILS = frozenset(_HEADING_TAIL_WORDS.split())


_HEADING_QUALIFIER_WORDS = (
    "top key main core relevant professional technical soft hard other additional selected "
    "personal academic project language it computer digital transferable industry teaching "
    "clinical research altre principali ulteriori autres principales"
)
_HEADING_QUALIFIERS = frozenset(_HEADING_QUALIFIER_WORDS.split())


def heading_key(text: str) -> str | None:
    if not text or len(text) > 60:
        return None
    cleaned = _HEADING_STRIP_RE.sub("", text.strip())
    if re.fullmatch(r"(?:\w ){3,}\w", cleaned):  # "E X P E R I E N C E"
        cleaned = cleaned.replace(" ", "")
    folded = re.sub(r"\s+", " ", fold(cleaned)).strip()
    if len(folded.split()) > 6:
        return None
    key = HEADING_TO_SECTION.get(folded)
    if key is None:
        folded2 = folded.replace("&", "and").replace(" e ", " and ").replace(" et ", " and ")
        key = HEADING_TO_SECTION.get(folded2)
    words = cleaned.split()
    if key is None and len(words) == 2 and fold(words[0]) in _HEADING_QUALIFIERS:
        # "Top Skills", "Project Experience", "Altre competenze": a qualifier and a heading word.
        last = fold(words[-1])
        if last in _HEADING_TAILS:
            key = HEADING_TO_SECTION[last]
    if key is None:
        # "Skills and interests", "Formazione e corsi": every part must be a heading itself.
        parts = [p.strip() for p in re.split(r" and | e | et |&|/", folded) if p.strip()]
        if len(parts) >= 2 and all(p in HEADING_TO_SECTION for p in parts):
            key = HEADING_TO_SECTION[parts[0]]
    return key


def _split_blocks(lines: list[Line]) -> list[Block]:
    blocks = [Block("top")]
    skip_to = -1
    routing = False
    for i, line in enumerate(lines):
        if i <= skip_to:
            continue
        key = heading_key(line.text) if not (line.bullet and len(line.text) > 30) else None
        nxt = i + 2 if i + 2 < len(lines) and lines[i + 1].blank else i + 1
        if nxt < len(lines) and _short_plain(line) and _short_plain(lines[nxt]):
            # A heading wrapped over two lines in a narrow sidebar ("CONOSCENZE / LINGUISTICHE"),
            # perhaps with a blank line between them in layout-mode text.
            joined = heading_key(f"{line.text} {lines[nxt].text}")
            if joined is not None:
                key, skip_to = joined, nxt
        if key:
            blocks.append(Block(key))
            routing = False
            continue
        # "Skills: Python, SQL" -> a skills block holding "Python, SQL".
        head, sep, rest = line.text.partition(":")
        if sep and rest.strip() and len(head) <= 30:
            inline = heading_key(head)
            # "Languages: Python, Go" is a skills category, not a list of spoken languages.
            if inline == "languages" and not _language_items(rest):
                inline = None
            native = fold(head).strip() in NATIVE_WORDS
            if native and _language_items(rest):
                # "Lingua madre: italiano", "Mother tongue: English".
                inline, rest = "languages", f"{rest.strip()} (native)"
            if inline in _INLINE_SECTIONS:
                # A skills label ("Software: …") names the group; keep it on the line.
                kept = line.text if inline == "skills" else rest.strip()
                blocks.append(Block(inline, [Line(kept, False)]))
                blocks.append(Block(blocks[-2].key if blocks[-2].key != "top" else "top"))
                continue
        target = blocks[-1]
        if target.key in _SIDE_SECTIONS and (
            _belongs_to_an_entry(line) or (routing and line.bullet and len(line.text.split()) >= 3)
        ):
            # Text read across two columns interleaves a sidebar list with job or degree lines:
            # a date range or an entry header under "Skills" goes back to the entries, and so do
            # the bullets that follow once that has happened.
            main = next((b for b in reversed(blocks) if b.key in _ENTRY_SECTIONS), None)
            if main is not None:
                target = main
                routing = True
        target.lines.append(line)
    return [b for b in blocks if b.lines]


_SIDE_SECTIONS = frozenset(("skills", "languages", "contact"))
_ENTRY_SECTIONS = frozenset(("work", "education"))


def _belongs_to_an_entry(line: Line) -> bool:
    text = line.text
    if line.bullet or not text:
        return False
    if find_range(text) is not None or _degree_prefix(text) is not None:
        return True
    # "Software: Illustrator · InDesign" and "a, b, c" are lists, whatever words they hold.
    if re.match(r"^[^:]{1,30}:", text) or len(_split_top_level(text)) >= 3:
        return False
    return bool(_STRONG_SEP_RE.search(text)) and (_title_score(text) > 0 or _org_score(text) > 1)


def _short_plain(line: Line) -> bool:
    return not line.bullet and 0 < len(line.text) <= 30 and len(line.text.split()) <= 3


# ------------------------------------------------------------------------------------- basics


def _basics(lines: list[Line], blocks: list[Block]) -> tuple[dict[str, Any], set[int]]:
    consumed: set[int] = set()
    basics: dict[str, Any] = {}
    block_of: dict[int, str] = {}
    for block in blocks:
        for ln in block.lines:
            block_of[id(ln)] = block.key

    emails: list[str] = []
    phone: str | None = None
    links: list[str] = []
    for ln in lines:
        if ln.blank:
            continue
        found_emails = ct.find_emails(ln.text)
        found_links = ct.find_links(ct.EMAIL_RE.sub(" ", ln.text))
        found_phone = ct.find_phone(ct.EMAIL_RE.sub(" ", ln.text)) if not ln.bullet else None
        # A phone-like number inside a job entry is more likely an ID or a figure.
        if (
            found_phone
            and block_of.get(id(ln)) not in ("top", "contact", "other")
            and not re.search(r"(?i)tel|phone|cell|mobile|portable|\+", ln.text)
        ):
            found_phone = None
        emails.extend(found_emails)
        # Links under projects or jobs point at work samples, not at the person's profiles.
        if block_of.get(id(ln)) not in ("projects", "work", "education", "certificates"):
            links.extend(found_links)
        if found_phone and phone is None:
            phone = found_phone
        if (
            ((found_emails or found_links or found_phone) and len(ct.strip_contact(ln.text)) <= 3)
            or found_emails
            or found_phone
        ):
            consumed.add(id(ln))

    if emails:
        basics["email"] = emails[0]
    if phone:
        basics["phone"] = re.sub(r"\s{2,}", " ", phone)
    profiles: list[dict[str, str]] = []
    website: str | None = None
    for link in links:
        profile = ct.profile_for(link)
        if profile:
            if all(p["url"] != profile["url"] for p in profiles):
                profiles.append(profile)
        elif website is None:
            website = ct.normalise_url(link)
    if website:
        basics["url"] = website
    basics["profiles"] = profiles

    name_line = _find_name(lines, block_of, emails[0] if emails else None)
    if name_line is not None:
        basics["name"] = _tidy_name(name_line.text)
        consumed.add(id(name_line))
        label = _find_label(lines, name_line, block_of)
        if label is not None:
            basics["label"] = label.text
            consumed.add(id(label))

    location = _find_location(lines, block_of, name_line)
    if location is not None:
        loc, ln = location
        basics["location"] = loc
        consumed.add(id(ln))
    return basics, consumed


def _name_score(line: Line, index: int, block: str, email: str | None) -> float | None:
    text = re.sub(_NAME_LABEL_RE, "", line.text, flags=re.I)
    if line.bullet or not text or len(text) > 45 or any(ch.isdigit() for ch in text):
        return None
    if "@" in text or ct.has_contact(text) or heading_key(text):
        return None
    words = text.replace(",", " ").split()
    core = [w for w in words if w.lower() not in _NAME_PARTICLES]
    if not 2 <= len(core) <= 4 or len(words) > 5:
        return None
    if not all(_NAME_WORD_RE.match(w) for w in core):
        return None
    folded = [fold(w).strip(".") for w in words]
    if any(w in TITLE_WORDS or w in COMPANY_WORDS or w in SCHOOL_WORDS for w in folded):
        return None
    if any(w in LANGUAGE_NAMES or w in COUNTRIES or w in _NOT_A_NAME for w in folded):
        return None
    if _degree_prefix(text) is not None:
        return None
    score = 10.0 - index * 0.25
    if block == "top":
        score += 3
    elif block in ("contact", "other", "summary"):
        score += 1
    else:
        score -= 4
    if email:
        local = fold(email.split("@")[0])
        hits = sum(1 for w in folded if len(w) > 1 and w.replace("'", "") in local)
        score += 4 * hits
    return score


def _find_name(lines: list[Line], block_of: dict[int, str], email: str | None) -> Line | None:
    best: tuple[float, int, Line] | None = None
    seen = 0
    for index, ln in enumerate(lines):
        if ln.blank:
            continue
        seen += 1
        if seen > 60:
            break
        score = _name_score(ln, seen, block_of.get(id(ln), "top"), email)
        if score is not None and (best is None or score > best[0]):
            best = (score, index, ln)
    return best[2] if best else None


def _tidy_name(text: str) -> str:
    text = re.sub(_NAME_LABEL_RE, "", text, flags=re.I)
    words = text.split()
    if all(w.isupper() for w in words if len(w) > 1):
        words = [w if w.lower() in _NAME_PARTICLES else _title(w) for w in words]
    return " ".join(words)


def _title(word: str) -> str:
    return re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), word.lower())


def _find_label(lines: list[Line], name_line: Line, block_of: dict[int, str]) -> Line | None:
    index = next(i for i, ln in enumerate(lines) if ln is name_line)
    for ln in lines[index + 1 : index + 3]:
        if ln.blank or ln.bullet:
            continue
        if ct.has_contact(ln.text) or heading_key(ln.text) or find_range(ln.text):
            return None
        if len(ln.text) <= 70 and not ln.text.endswith(".") and _title_score(ln.text) > 0:
            return ln
        return None
    return None


def _find_location(
    lines: list[Line], block_of: dict[int, str], name_line: Line | None
) -> tuple[dict[str, str], Line] | None:
    candidates: list[tuple[int, int, Line]] = []
    if name_line is not None:
        # The lines just under the name are the header, whatever block they landed in.
        at = next(i for i, ln in enumerate(lines) if ln is name_line)
        candidates.extend((1, i, lines[i]) for i in range(at + 1, min(at + 4, len(lines))))
    seen = 0
    in_contact = 0
    for index, ln in enumerate(lines):
        if ln.blank:
            continue
        seen += 1
        block = block_of.get(id(ln), "top")
        in_contact += block == "contact"
        # The address sits in the header or a contact block; further down it would be a job's town.
        if (block == "top" and seen > 40) or in_contact > 40:
            continue
        if block not in ("top", "contact") and not (seen <= 12 and block != "work"):
            continue
        if ln.bullet and block != "contact":
            continue
        if find_range(ln.text):
            continue
        priority = 0 if ct.LOCATION_LABEL_RE.match(ln.text) else 1 if block == "contact" else 2
        candidates.append((priority, index, ln))
    for _priority, _index, ln in sorted(candidates, key=lambda c: (c[0], c[1])):
        loc = ct.location_in_line(ln.text)
        if loc:
            return loc, ln
    return None


# ------------------------------------------------------------------------------------- blocks


def _parse_block(key: str, lines: list[Line], parsed: Parsed) -> None:
    content = [ln for ln in lines if not ln.blank]
    if not content:
        return
    if key == "work":
        parsed.work.extend(_entries(lines, kind="work", leftovers=parsed))
    elif key == "education":
        parsed.education.extend(_entries(lines, kind="education", leftovers=parsed))
    elif key == "skills":
        for ln in content:
            if _language_items(ln.text) and _looks_like_language_line(ln.text):
                parsed.languages.extend(_language_items(ln.text))
            else:
                _add_skill_line(ln, parsed)
    elif key == "languages":
        parsed.languages.extend(_languages(content))
    elif key == "certificates":
        parsed.certificates.extend(_certificates(content))
    elif key == "projects":
        parsed.projects.extend(_projects(content))
    elif key == "summary":
        parsed.summary.extend(ln.text for ln in content if not ct.has_contact(ln.text))
    elif key in ("top", "contact"):
        _infer(lines, parsed, allow_summary=key == "top")
    # "other" (interests, references, …) is deliberately dropped.


def _infer(lines: list[Line], parsed: Parsed, *, allow_summary: bool) -> None:
    """Content without a recognised heading: lists first, then entries by their date ranges."""
    # Language and skill lists are taken out wherever they are: without headings they often follow
    # the last entry and would otherwise be read as its description.
    rest: list[Line] = []
    previous: str | None = None
    for ln in lines:
        kind: str | None = None
        if not ln.blank and not ln.bullet:
            if _looks_like_language_line(ln.text):
                kind = "languages"
                parsed.languages.extend(_language_items(ln.text))
            elif _looks_like_skill_list(ln.text) or (
                previous == "skills" and _is_list_tail(ln.text)
            ):
                kind = "skills"
                _add_skill_line(ln, parsed, continuation=previous == "skills")
        if kind is None:
            rest.append(ln)
        if not ln.blank:
            previous = kind
    lines = rest
    anchors = [i for i, ln in enumerate(lines) if not ln.bullet and find_range(ln.text)]
    first_entry = len(lines)
    if anchors:
        entries = _entry_spans(lines, anchors)
        first_entry = entries[0][0]
        entries = _split_mixed_entries(lines, entries)
        for start, end in entries:
            chunk = lines[start:end]
            head = _entry_head_text(chunk)
            kind = "education" if _looks_educational(head) else "work"
            target = parsed.education if kind == "education" else parsed.work
            target.extend(_entries(chunk, kind=kind, leftovers=parsed))
    for ln in lines[:first_entry]:
        if ln.blank:
            continue
        if allow_summary and _is_prose(ln.text) and not ct.has_contact(ln.text):
            parsed.summary.append(ln.text)


def _is_prose(text: str) -> bool:
    return len(text.split()) >= 6


def _split_mixed_entries(lines: list[Line], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Without headings a date-first job can be followed by a degree written header-first; the
    degree line then trails the job's header lines. Hand such a line to the next entry."""
    out = list(spans)
    for i in range(len(out) - 1):
        start, end = out[i]
        seen_date = False
        job_lines: list[str] = []
        for j in range(start, end):
            ln = lines[j]
            if ln.blank or ln.bullet:
                break
            if find_range(ln.text):
                seen_date = True
                continue
            if seen_date and job_lines and _degree_prefix(ln.text) is not None:
                if not _looks_educational(" ".join(job_lines)):
                    out[i] = (start, j)
                    out[i + 1] = (j, out[i + 1][1])
                break
            if seen_date:
                job_lines.append(ln.text)
    return out


def _is_list_tail(text: str) -> bool:
    """The wrapped end of a list line: a few words, no sentence, no date, no job title."""
    return (
        len(text.split()) <= 4
        and not text.endswith(".")
        and find_range(text) is None
        and _title_score(text) == 0
        and heading_key(text) is None
    )


def _looks_educational(text: str) -> bool:
    if any(_degree_prefix(part) is not None for part in _fragments(text)):
        return True
    # A school is also an employer (teachers): only without a job title is it an education entry.
    words = set(re.findall(r"[\w'.+-]+", fold(text)))
    return bool(words & SCHOOL_WORDS) and _title_score(text) == 0


def _looks_like_skill_list(text: str) -> bool:
    if find_range(text) or text.endswith("."):
        return False
    body = text.split(":", 1)[1] if ":" in text and len(text.split(":", 1)[0]) <= 30 else text
    items = [i.strip() for i in _split_top_level(body) if i.strip()]
    if len(items) < 3 or any(len(i.split()) > 5 for i in items):
        return False
    # "Senior Nurse, St Mary's Hospital, London" is an entry header, not a list of skills.
    if any(_title_score(i) for i in items):
        return False
    return sum(1 for i in items if _org_score(i) > 1 or _is_location(i)) < 2


# ------------------------------------------------------------------------------------ entries


def _entry_spans(lines: list[Line], anchors: list[int]) -> list[tuple[int, int]]:
    """Start/end of each entry given the lines holding its date range.

    The first entry tells how many header lines (title, company…) precede its date line; the same
    layout is assumed for the others, which is how CV templates work.
    """
    lead, _ = _header_run_before(lines, anchors[0], limit=3)
    starts: list[int] = []
    for index, anchor in enumerate(anchors):
        _, back = _header_run_before(lines, anchor, limit=lead)
        if index:
            back = max(back, _own_header_lines(lines, anchors[index - 1], starts[-1], anchor))
        start = anchor - back
        if starts and start <= starts[-1]:
            start = anchor
        starts.append(start)
    spans: list[tuple[int, int]] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(lines)
        spans.append((start, end))
    return spans


def _own_header_lines(lines: list[Line], prev_anchor: int, prev_start: int, anchor: int) -> int:
    """Header lines before `anchor` that clearly are its own, whatever the first entry's layout:
    they follow the previous entry's bullets or prose, or they hold a degree while the previous
    entry already has one (a CV mixing date-first jobs with header-first degrees)."""
    count, back = _header_run_before(lines, anchor, limit=3)
    if not count:
        return 0
    before = anchor - back - 1
    if before > prev_anchor and (lines[before].bullet or not _is_header_like(lines[before].text)):
        return back
    run = [ln.text for ln in lines[anchor - back : anchor] if ln.text]
    previous = [ln.text for ln in lines[prev_start : anchor - back] if ln.text]
    if any(_degree_prefix(t) for t in run) and any(
        _degree_prefix(f) for t in previous for f in _fragments(t)
    ):
        return back
    return 0


def _header_run_before(lines: list[Line], anchor: int, *, limit: int) -> tuple[int, int]:
    """How many header lines precede the date line, and how far back the first of them is.

    One blank line may sit between them: PDF layout text turns a wider line gap into one.
    """
    count = 0
    distance = 0
    i = anchor - 1
    while i >= 0 and count < limit:
        ln = lines[i]
        if ln.blank and count == 0 and i > 0 and not lines[i - 1].blank and i == anchor - 1:
            i -= 1
            continue
        if ln.blank or ln.bullet or not _is_header_like(ln.text) or find_range(ln.text):
            break
        count += 1
        distance = anchor - i
        i -= 1
    return count, distance


def _is_header_like(text: str) -> bool:
    words = text.split()
    if _looks_like_language_line(text):
        return False
    # A sentence ("Ignore previous instructions and …") is not a title or a company.
    lower = sum(w[:1].islower() for w in words)
    if len(words) >= 8 and lower > 0.7 * len(words) and _degree_prefix(text) is None:
        return False
    return (
        len(text) <= 120
        and not text.endswith((".", ";"))
        and len(text.split()) <= 16
        and not ct.has_contact(text)
        and heading_key(text) is None
    )


def _entry_head_text(chunk: list[Line]) -> str:
    head: list[str] = []
    for ln in chunk:
        if ln.blank:
            continue
        if ln.bullet or not _is_header_like(ln.text):
            break
        head.append(ln.text)
    return " | ".join(head)


def _entries(lines: list[Line], *, kind: str, leftovers: Parsed) -> list[dict[str, Any]]:
    anchors = [i for i, ln in enumerate(lines) if not ln.bullet and find_range(ln.text)]
    if not anchors:
        # No dates at all: each block separated by blank lines (or each header line) is one entry.
        anchors = [
            i
            for i, ln in enumerate(lines)
            if not ln.blank
            and not ln.bullet
            and _is_header_like(ln.text)
            and (i == 0 or lines[i - 1].blank or lines[i - 1].bullet or kind == "education")
        ]
        if not anchors:
            return []
        spans = [
            (a, anchors[k + 1] if k + 1 < len(anchors) else len(lines))
            for k, a in enumerate(anchors)
        ]
        if kind == "education":
            spans = _merge_dateless_education(lines, spans)
    else:
        spans = _entry_spans(lines, anchors)
        # Content before the first entry (e.g. lists that landed under this heading) is inferred.
        if spans[0][0] > 0:
            _infer(lines[: spans[0][0]], leftovers, allow_summary=False)
    out: list[dict[str, Any]] = []
    for start, end in spans:
        entry = _entry(lines[start:end], kind=kind, leftovers=leftovers)
        if entry:
            out.append(entry)
    return out


def _merge_dateless_education(
    lines: list[Line], spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Without dates, header lines belong together until a degree and a school are seen."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not _span_has_both(lines, *merged[-1]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _has_degree_in_span(lines: list[Line], start: int, end: int) -> bool:
    return any(_degree_prefix(ln.text) is not None for ln in lines[start:end])


def _span_has_both(lines: list[Line], start: int, end: int) -> bool:
    texts = " ".join(ln.text for ln in lines[start:end])
    return _has_degree_in_span(lines, start, end) and bool(set(fold(texts).split()) & SCHOOL_WORDS)


def _entry(chunk: list[Line], *, kind: str, leftovers: Parsed) -> dict[str, Any] | None:
    header: list[str] = []
    body: list[Line] = []
    date_range: DateRange | None = None
    single_date: str | None = None
    in_body = False
    # Wrapped lines fill the column: the longest line tells how wide it is.
    width = max((len(ln.text) for ln in chunk), default=0)
    for ln in chunk:
        if ln.blank:
            if header and date_range is not None:
                in_body = True
            continue
        rng = None if (ln.bullet or in_body) else find_range(ln.text)
        if rng and date_range is None:
            date_range = rng
            rest = strip_span(ln.text, rng.start, rng.end)
            if rest:
                header.append(rest)
            continue
        header_slot = len(header) < 4 and not in_body and not ln.bullet and _is_header_like(ln.text)
        if header_slot and (date_range is None or len(header) < 3):
            if kind == "education" and (_SCORE_RE.match(ln.text) or _BARE_SCORE_RE.match(ln.text)):
                body.append(ln)
                continue
            if date_range is None and find_single_date(ln.text) and kind == "education":
                token = find_single_date(ln.text)
                assert token is not None
                single_date = token.value
                rest = strip_span(ln.text, token.start, token.end)
                if rest:
                    header.append(rest)
                continue
            header.append(ln.text)
            continue
        in_body = True
        body.append(ln)
    if not header and date_range is None:
        return None
    if kind == "work":
        return _work_entry(header, body, date_range, leftovers, width)
    return _education_entry(header, body, date_range, single_date, width)


def _fragments(text: str, *, split_at: bool = True) -> list[str]:
    regex = _STRONG_SEP_RE if split_at else _STRONG_SEP_NO_AT_RE
    return [f.strip(" ,;:") for f in regex.split(text) if f and f.strip(" ,;:")]


def _header_fragments(
    header: list[str], width: int, *, split_at: bool = True
) -> tuple[list[str], str | None]:
    """Split header lines into fragments; also return the one after "at", "@", "presso".

    Schools keep their "at" ("The University of Texas at Austin"): `split_at=False`.
    """
    fragments: list[str] = []
    company_hint: str | None = None
    for line in _unwrap(header, width):
        at = _AT_SEP_RE.split(line, maxsplit=1) if split_at else [line]
        if len(at) == 2:
            company_hint = _fragments(at[1])[0] if _fragments(at[1]) else None
        parts = _fragments(line, split_at=split_at)
        fragments.extend(parts)
    if len(fragments) == 1 and "," in fragments[0]:
        comma_parts = _comma_fragments(fragments[0])
        if len(comma_parts) >= 2:
            fragments = comma_parts
    return fragments, company_hint


_CONNECTOR_WORDS = (
    "di de da del della dei degli du des of the and & for per pour et e la le at presso chez "
    "in en d' l' dell' sull' all'"
)
_CONNECTORS = frozenset(_CONNECTOR_WORDS.split())


def _unwrap(header: list[str], width: int) -> list[str]:
    """Re-join a header line a narrow column wrapped ("… presso Policlinico di / Sant'Orsola")."""
    out: list[str] = []
    for line in header:
        if out:
            prev = out[-1]
            last_word = fold(prev.split()[-1]) if prev.split() else ""
            continues = (
                last_word in _CONNECTORS
                or line[:1].islower()
                or (
                    len(prev) >= max(45, 0.75 * width)
                    and len(line.split()) <= 3
                    and not _STRONG_SEP_RE.search(line)
                    and not _is_location(line)
                    and _title_score(line) == 0
                    and _degree_prefix(line) is None
                )
            )
            if continues:
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return out


def _comma_fragments(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    merged: list[str] = []
    for part in parts:
        # "Acme, Inc." keeps its legal suffix.
        if merged and fold(part).strip(". ") in {
            "inc",
            "ltd",
            "llc",
            "plc",
            "s.p.a",
            "spa",
            "srl",
            "s.r.l",
            "sa",
            "sas",
            "sarl",
            "gmbh",
            "co",
        }:
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _is_location(text: str) -> bool:
    folded = fold(text).strip(" .()")
    if folded in _REMOTE_WORDS or folded in COUNTRIES:
        return True
    if re.fullmatch(r"\(?(?:remote|hybrid|da remoto|télétravail|teletravail)\)?", folded):
        return True
    loc = ct.location_from(text)
    if loc is None or "city" not in loc:
        return False
    # "Amazon, Austin, TX": what comes before the city must be a street, not an organisation.
    before = text.split(loc["city"], 1)[0].strip(" ,")
    if before and not re.search(r"\d", before):
        return False
    # "Acme Hospital, Leeds" is an organisation with a place, not a place.
    return not (set(fold(text).split()) & (COMPANY_WORDS | SCHOOL_WORDS))


def _split_location(fragment: str) -> tuple[str, str | None]:
    """Peel a trailing ", City[, Country]" or " (City)" off an organisation fragment."""
    paren = re.match(r"^(?P<org>.+?)\s*\((?P<loc>[^()]{2,40})\)$", fragment)
    if paren and _is_location(paren.group("loc")):
        return paren.group("org").strip(), paren.group("loc").strip()
    parts = _comma_fragments(fragment)
    for cut in range(1, len(parts)):
        tail = ", ".join(parts[cut:])
        if _is_location(tail):
            return ", ".join(parts[:cut]), tail
    # "SSIAD Lille Métropole, Roubaix": a short capitalised tail that is no organisation, title or
    # degree is a town, even one no gazetteer knows.
    if len(parts) == 2 and _looks_like_place(parts[1]):
        return parts[0], parts[1]
    return fragment, None


def _looks_like_place(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 3
        and all(
            w[:1].isupper() or fold(w) in _CONNECTORS or fold(w).split("'")[0] + "'" in _CONNECTORS
            for w in words
        )
        and not re.search(r"\d|&", text)
        and _title_score(text) == 0
        and _org_score(text) == 0
        and _degree_prefix(text) is None
    )


def _title_score(text: str) -> int:
    words = re.findall(r"[\w'-]+", fold(text))
    return sum(1 for w in words if w in TITLE_WORDS)


def _org_score(text: str) -> int:
    words = re.findall(r"[\w.'&-]+", fold(text))
    score = sum(1 for w in words if w in COMPANY_WORDS or w.strip(".") in COMPANY_WORDS)
    score += sum(1 for w in words if w in SCHOOL_WORDS)
    if re.search(r"\b[A-Z]{2,}\b", text) and not re.search(
        r"\b(?:CEO|CTO|CFO|HR|IT|UX|UI|QA|VP|SEO|PM)\b", text
    ):
        score += 1
    if "&" in text:
        score += 1
    return score


def _work_entry(
    header: list[str], body: list[Line], rng: DateRange | None, leftovers: Parsed, width: int
) -> dict[str, Any]:
    fragments, company_hint = _header_fragments(header, width)
    location: str | None = None
    kept: list[str] = []
    for frag in fragments:
        if location is None and _is_location(frag) and len(fragments) > 1:
            location = frag
        else:
            kept.append(frag)
    position: str | None = None
    company: str | None = None
    if company_hint:
        company_hint, loc = _split_location(company_hint)
        location = location or loc
        company = company_hint
        rest = [f for f in kept if company_hint not in f and f not in company_hint]
        position = rest[0] if rest else None
        if position and _AT_SEP_RE.search(position):
            position = _AT_SEP_RE.split(position)[0].strip()
    elif len(kept) == 1:
        frag, loc = _split_location(kept[0])
        location = location or loc
        if _org_score(frag) > _title_score(frag):
            company = frag
        else:
            position = frag
    elif len(kept) >= 2:
        first, second = kept[0], kept[1]
        swap = (
            _title_score(second) > _title_score(first) and _org_score(first) >= _org_score(second)
        ) or (
            _org_score(first) > _org_score(second)
            and _title_score(second) >= _title_score(first)
            and _title_score(first) == 0
        )
        position, company = (second, first) if swap else (first, second)
        company, loc = _split_location(company)
        location = location or loc
    entry: dict[str, Any] = {
        "name": company,
        "position": position,
        "location": location,
        "startDate": rng.start_date if rng else None,
        "endDate": rng.end_date if rng else None,
    }
    highlights, prose = _body_text(body, leftovers)
    entry["highlights"] = highlights
    if prose:
        entry["summary"] = " ".join(prose)
    return entry


def _body_text(body: list[Line], leftovers: Parsed) -> tuple[list[str], list[str]]:
    highlights: list[str] = []
    prose: list[str] = []
    last: str | None = None
    for ln in body:
        if ln.blank:
            last = None
            continue
        if ln.bullet:
            highlights.append(ln.text)
            last = "h"
            continue
        if _looks_like_language_line(ln.text):
            leftovers.languages.extend(_language_items(ln.text))
            continue
        # A wrapped bullet continues on a line without a marker.
        if (
            last == "h"
            and highlights
            and (ln.text[:1].islower() or not highlights[-1].endswith((".", "!", "?")))
        ):
            highlights[-1] = f"{highlights[-1]} {ln.text}"
            continue
        if last == "p" and prose:
            prose[-1] = f"{prose[-1]} {ln.text}"
        else:
            prose.append(ln.text)
        last = "p"
    return highlights, prose


def _degree_prefix(text: str) -> tuple[str, str] | None:
    """("MSc", "Computer Science") for "MSc in Computer Science"; None if no degree phrase."""
    folded = fold(text)
    if len(folded) != len(text):
        return None
    for phrase in DEGREE_PHRASES:
        if folded.startswith(phrase) and (
            len(folded) == len(phrase) or not folded[len(phrase)].isalnum()
        ):
            degree = text[: len(phrase)].strip()
            rest = text[len(phrase) :]
            rest = re.sub(
                r"^\s*(?:[,:\-–—(]|\bin\b|\bof\b|\ben\b|\bdi\b|\bde\b|\bd['’]|\bin:)\s*",
                "",
                rest,
                flags=re.I,
            )
            rest = rest.strip(" ,;:-–—()")
            if phrase in ("laurea in",):
                degree = text[: len("laurea")]
            return degree, rest
        if (
            len(phrase) >= 3
            and folded.endswith(phrase)
            and folded[-len(phrase) - 1 : -len(phrase)] in (" ", ",")
        ):
            degree = text[-len(phrase) :]
            rest = text[: -len(phrase)].strip(" ,;:-–—")
            return degree, rest
    return None


def _education_entry(
    header: list[str],
    body: list[Line],
    rng: DateRange | None,
    single_date: str | None,
    width: int,
) -> dict[str, Any]:
    fragments, _ = _header_fragments(header, width, split_at=False)
    study_type: str | None = None
    area: str | None = None
    institution: str | None = None
    others: list[str] = []
    for frag in fragments:
        degree = _degree_prefix(frag) if study_type is None else None
        if degree is not None:
            study_type, area_text = degree
            area = area_text or None
            continue
        org, _loc = _split_location(frag)
        if institution is None and set(re.findall(r"[\w'-]+", fold(org))) & SCHOOL_WORDS:
            institution = org
            continue
        if _is_location(frag):
            continue
        others.append(frag)
    for frag in others:
        if institution is None and (study_type is not None or len(others) > 1):
            institution = _split_location(frag)[0]
        elif study_type is None:
            # An unknown qualification still reads "<degree> in <subject>".
            split = re.match(r"^(?P<degree>\S.{0,40}?)\s(?:in|of|en|di|de)\s(?P<area>\S.*)$", frag)
            if split and area is None:
                study_type, area = split.group("degree"), split.group("area")
            else:
                study_type = frag
        elif area is None:
            area = frag
        elif institution is None:
            institution = frag
    score: str | None = None
    for ln in body:
        match = _SCORE_RE.match(ln.text)
        if match:
            score = match.group("score").strip()
            break
        if _BARE_SCORE_RE.match(ln.text):
            score = ln.text
            break
    start = rng.start_date if rng else None
    end = rng.end_date if rng else single_date
    return {
        "institution": institution,
        "area": area,
        "studyType": study_type,
        "startDate": start,
        "endDate": end,
        "score": score,
    }


# ------------------------------------------------------------------------ skills and languages


def _split_top_level(text: str) -> list[str]:
    """Split on , ; | · • outside parentheses."""
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if depth == 0 and _LIST_SEP_RE.match(ch):
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [i.strip(" .") for i in items if i.strip(" .")]


def _add_skill_line(ln: Line, parsed: Parsed, *, continuation: bool = False) -> None:
    text = ln.text
    name = ""
    head, sep, rest = text.partition(":")
    if sep and rest.strip() and len(head) <= 40 and len(head.split()) <= 5:
        name, text = head.strip(), rest
    keywords = [_clean_skill(i) for i in _split_top_level(text)]
    keywords = [k for k in keywords if k and len(k) <= 60]
    if not keywords:
        return
    if (
        not name
        and parsed.skills
        and (continuation or (len(keywords) == 1 and not parsed.skills[-1]["name"]))
    ):
        parsed.skills[-1]["keywords"].extend(keywords)
        return
    parsed.skills.append({"name": name, "keywords": keywords})


def _clean_skill(item: str) -> str:
    item = re.sub(
        r"\s*\((?:[^()]*\b(?:advanced|intermediate|basic|expert|years?|anni|ans|avanzato|base|ottimo|buono|avancé|courant)\b[^()]*)\)",
        "",
        item,
        flags=re.I,
    )
    return item.strip(" .-–—")


def _merge_skills(skills: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for group in skills:
        keywords: list[str] = []
        for k in group["keywords"]:
            if k not in keywords:
                keywords.append(k)
        out.append({"name": group["name"], "keywords": keywords})
    return out


def _language_items(text: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for item in _split_top_level(text):
        words = re.findall(r"[\w'’]+", item)
        if not words:
            continue
        language: str | None = None
        for w in words[:2]:
            if fold(w) in LANGUAGE_NAMES:
                language = w[:1].upper() + w[1:]
                break
        if language is None:
            continue
        items.append({"language": language, "fluency": _fluency(item)})
    return items


def _fluency(item: str) -> str | None:
    folded = fold(item)
    if any(re.search(rf"\b{re.escape(w)}\b", folded) for w in NATIVE_WORDS):
        return "Native"
    cefr = _CEFR_RE.search(item)
    if cefr:
        return cefr.group(1).upper()
    for word, label in sorted(FLUENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(word)}\b", folded):
            return label
    return None


def _looks_like_language_line(text: str) -> bool:
    items = _split_top_level(text)
    found = _language_items(text)
    if not found:
        return False
    if len(found) >= 2 and len(found) >= len(items) - 1:
        return True
    return len(items) == 1 and found[0]["fluency"] is not None and len(text.split()) <= 8


def _languages(lines: list[Line]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ln in lines:
        found = _language_items(ln.text)
        if found:
            out.extend(found)
            continue
        # "C1" (or "Madrelingua") on the line below the language, as sidebars often lay it out.
        if out and out[-1]["fluency"] is None:
            out[-1]["fluency"] = _fluency(ln.text)
    return out


def _dedupe(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        k = fold(item[key])
        if k not in seen:
            seen[k] = _prune(item)
    return list(seen.values())


# --------------------------------------------------------------------- certificates, projects


def _certificates(lines: list[Line]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ln in _join_wrapped_certificates(lines):
        text = ln.text
        token = find_single_date(text)
        date: str | None = None
        if token is not None:
            date = token.value
            text = strip_span(text, token.start, token.end)
        if not text:
            if out and date and "date" not in out[-1]:
                out[-1]["date"] = date
            continue
        parts = _fragments(text)
        if len(parts) == 1 and "," in parts[0]:
            parts = _comma_fragments(parts[0])
        paren = re.match(r"^(?P<name>.+?)\s*\((?P<issuer>[^()]+)\)$", parts[0]) if parts else None
        if paren and not _is_acronym_of(paren.group("issuer"), paren.group("name")):
            parts = [paren.group("name"), paren.group("issuer"), *parts[1:]]
        if (
            not ln.bullet
            and out
            and not any(w in fold(text) for w in _CERT_WORDS)
            and len(parts) == 1
            and "issuer" not in out[-1]
            and _org_score(text) > 0
        ):
            out[-1]["issuer"] = text
            continue
        if len(parts) >= 3:
            # "AWS Certified Solutions Architect – Associate — Amazon": the issuer comes last.
            parts = [" – ".join(parts[:-1]), parts[-1]]
        cert: dict[str, Any] = {"name": parts[0]}
        if len(parts) > 1:
            cert["issuer"] = parts[1]
        if date:
            cert["date"] = date
        out.append(cert)
    return out


def _is_acronym_of(short: str, name: str) -> bool:
    """ "CSCP" for "APICS Certified Supply Chain Professional": an abbreviation, not an issuer."""
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    return short.isupper() and len(short) >= 2 and short in initials


def _join_wrapped_certificates(lines: list[Line]) -> list[Line]:
    """One certificate per line, unless a narrow column wrapped it: a short or lower-case line
    after a line that has no date yet continues that line."""
    out: list[Line] = []
    for ln in lines:
        if ln.blank:
            continue
        if (
            out
            and not ln.bullet
            and find_single_date(out[-1].text) is None
            and (
                ln.text[:1].islower()
                or (len(ln.text.split()) <= 4 and find_single_date(ln.text) is not None)
            )
            and not any(w in fold(ln.text) for w in _CERT_WORDS)
        ):
            out[-1] = Line(f"{out[-1].text} {ln.text}", out[-1].bullet)
            continue
        out.append(ln)
    return out


def _projects(lines: list[Line]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ln in lines:
        links = ct.find_links(ln.text)
        text = ln.text
        for link in links:
            text = text.replace(link, " ")
        text = re.sub(r"\(\s*\)|\s{2,}", " ", text).strip(" -–—|:·")
        starts_project = not ln.bullet and (
            not out or len(text) <= 80 or bool(_STRONG_SEP_RE.search(text) or ":" in text[:60])
        )
        has_separator = bool(_STRONG_SEP_RE.search(text[:60]) or ":" in text[:60])
        # A sentence under a bare project name is its description, not another project;
        # a long line after a description continues it.
        if (
            starts_project
            and out
            and not has_separator
            and (
                ("description" not in out[-1] and len(text.split()) >= 4)
                or ("description" in out[-1] and len(text) > 80)
            )
        ):
            starts_project = False
        if ln.bullet and out:
            out[-1].setdefault("highlights", []).append(text)
            continue
        if out and text[:1].islower():
            # The wrapped end of the previous line.
            last = out[-1]
            if links and "url" not in last:
                last["url"] = ct.normalise_url(links[0])
            if last.get("highlights"):
                last["highlights"][-1] = f"{last['highlights'][-1]} {text}"
            elif last.get("description"):
                last["description"] = f"{last['description']} {text}"
            else:
                last["name"] = f"{last['name']} {text}"
            continue
        if starts_project and text:
            name, description = text, ""
            split = re.split(r"\s+[—–|]\s+|\s+-\s+|:\s+", text, maxsplit=1)
            if len(split) == 2 and len(split[0]) <= 60:
                name, description = split[0], split[1]
            rng = find_range(name)
            if rng:
                name = strip_span(name, rng.start, rng.end)
            project: dict[str, Any] = {"name": name.strip(" ()")}
            if description:
                project["description"] = description
            if links:
                project["url"] = ct.normalise_url(links[0])
            out.append(project)
            continue
        if out:
            if links and "url" not in out[-1]:
                out[-1]["url"] = ct.normalise_url(links[0])
            if text:
                prev = out[-1].get("description")
                out[-1]["description"] = f"{prev} {text}" if prev else text
    return out


# ----------------------------------------------------------------------------------- output


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: JSON Resume leaves unknown fields out rather than null."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        out[key] = value
    return out


def _meta(resume: dict[str, Any], locale_hint: str | None) -> dict[str, Any]:
    found: list[str] = []
    missing: list[str] = []
    basics = resume["basics"]
    for path in FIELD_PATHS:
        section, _, attr = path.partition(".")
        value = basics.get(attr) if section == "basics" else resume.get(section)
        (found if value else missing).append(path)
    meta: dict[str, Any] = {"found": found, "missing": missing, "engine": "local"}
    if locale_hint:
        meta["locale_hint"] = locale_hint
    return meta

"""Personal identifiers out, placeholders in — before text leaves for an external provider.

Emails, phone numbers, links (LinkedIn, GitHub, personal sites) and street addresses become
stable placeholders (`[EMAIL_1]`, `[PHONE_1]`, `[URL_1]`, `[ADDRESS_1]`): the same value gets the
same placeholder everywhere in one request, so the model can still refer to it, and the
placeholders in its answer are restored afterwards. The mapping lives only in memory for the
duration of one request. Kinds the task needs (e.g. "email" for contact extraction) are kept.

The patterns are deliberately conservative about numbers: dates, year ranges and salaries are
common in CVs and must reach the model intact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from jobmentis.ai.types import AIChatMessage, AIChatRequest, AIDocument, AIRequest

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
# Bare domains without scheme or path are only links for TLDs people use for personal sites;
# "Node.js", "ASP.NET" or "e.g." must stay.
_PERSONAL_TLDS = r"(?:com|org|io|dev|me|it|fr|uk|de|eu|es|ch|be|info|app|page|site|xyz|co)"
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+"  # explicit links
    rf"|(?<![\w@./-]){_HOST}/[^\s<>\"')\]]*"  # host with a path: linkedin.com/in/ada
    rf"|(?<![\w@./-])(?:[A-Za-z0-9-]+\.)+{_PERSONAL_TLDS}\b(?![\w@-]|\.\w)",  # ada.dev
    re.IGNORECASE,
)

# A loose candidate; `_is_phone` decides. Spaces/tabs only (not newlines) between groups.
PHONE = re.compile(
    r"(?<![\w+/.,-])"
    r"(?:\+\d{1,3}[ \t\u00a0.-]?)?"
    r"(?:\(0?\d{1,4}\)[ \t\u00a0.-]?)?"
    r"\d[\d \t\u00a0().\-]{5,}\d"
    r"(?![\w/%])"
)
_YEAR = r"(?:19|20)\d{2}"
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")  # 10/03/2021, 2021-03-10
_DATE_LIKE = re.compile(
    rf"(?<!\d)(?:0?[1-9]|1[0-2])[./-]{_YEAR}(?!\d)"  # 03/2021
    rf"|{_YEAR}\s*[-\u2013/]\s*{_YEAR}"  # 2019-2023
)
_SPACED_DASH = re.compile(r"\s[-\u2013]\s")  # hyphen or en dash between spaces
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥]|\b(?:EUR|USD|GBP|CHF|RAL))\s*$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"^\s*(?:[$€£¥%]|k\b|(?:EUR|USD|GBP|CHF)\b)", re.IGNORECASE)

_STREET_EN = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Place|Pl|Way"
    r"|Terrace|Square|Sq|Close|Crescent|Parkway|Highway|Hwy"
)
ADDRESS = re.compile(
    # 123 Main Street, Apt 4B / 221B Baker Street
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][\w'.-]*\s+){{1,4}}(?:{_STREET_EN})\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat)\.?\s*#?\w+)?"
    # Via Roma 12 / Corso Vittorio Emanuele II, 10 / Piazza del Duomo 3/A
    r"|\b(?:Via|Viale|V\.le|Corso|C\.so|Piazza|P\.zza|Piazzale|Largo|Vicolo|Strada|Contrada)"
    r"\s+(?:(?:d[ei]l?|della|degli|dei|delle|di|San|Santa)\s+)?(?:[A-ZÀ-Ý][\w'À-ÿ.-]*\s+){0,4}?"
    r"[A-ZÀ-Ý][\w'À-ÿ.-]*,?\s*\d{1,4}[A-Za-z]?(?:/[A-Za-z0-9]+)?\b"
    # 12 rue de la Paix / 5 bis avenue des Champs-Élysées
    r"|(?i:\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+"
    r"(?:rue|avenue|av\.|boulevard|bd|place|allée|allee|impasse|chemin|quai|cours|route)"
    r"\s+[^\n,\d]{2,40}[^\s,\d])"
)

PLACEHOLDER = re.compile(r"\[(EMAIL|PHONE|URL|ADDRESS)_(\d+)\]")


def _is_phone(candidate: str, text: str, start: int, end: int) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    international = candidate.startswith(("+", "00"))
    if not (8 if international else 9) <= digits <= 15:
        return False
    if _SPACED_DASH.search(candidate):  # "45 000 - 55 000": a range, not a number
        return False
    if _DATE.fullmatch(candidate.strip()) or _DATE_LIKE.search(candidate):
        return False
    groups = re.findall(r"\d+", candidate)
    if all(re.fullmatch(_YEAR, group) for group in groups):  # "2019 2020 2021"
        return False
    if _THOUSANDS.fullmatch(candidate.strip()) or re.fullmatch(
        r"\d{1,3}(?:[.,]\d{3})+\s*-\s*\d{1,3}(?:[.,]\d{3})+", candidate.strip()
    ):
        return False
    before, after = text[max(0, start - 6) : start], text[end : end + 6]
    return not (_CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.search(after))


class Redactor:
    """Redacts texts and restores results for ONE request (placeholders are per request)."""

    def __init__(self, *, keep: frozenset[str] = frozenset()) -> None:
        self.keep = keep
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counters: dict[str, int] = {}

    def _placeholder(self, kind: str, value: str) -> str:
        key = (kind, value)
        if key not in self._by_value:
            self._counters[kind] = self._counters.get(kind, 0) + 1
            placeholder = f"[{kind}_{self._counters[kind]}]"
            self._by_value[key] = placeholder
            self._by_placeholder[placeholder] = value
        return self._by_value[key]

    def _sub(self, pattern: re.Pattern[str], kind: str, text: str) -> str:
        return pattern.sub(lambda m: self._placeholder(kind, m.group(0)), text)

    def redact(self, text: str) -> str:
        # Emails before links (the domain of an address is not a link); phones before
        # addresses (a house number is not a phone, but a phone may look like one).
        if "email" not in self.keep:
            text = self._sub(EMAIL, "EMAIL", text)
        if "url" not in self.keep:
            text = URL.sub(self._url_replacer, text)
        if "phone" not in self.keep:
            text = PHONE.sub(self._phone_replacer(text), text)
        if "address" not in self.keep:
            text = self._sub(ADDRESS, "ADDRESS", text)
        return text

    def _url_replacer(self, match: re.Match[str]) -> str:
        # Sentence punctuation after a link is not part of it: "see https://ada.dev."
        url = match.group(0)
        trimmed = url.rstrip(".,;:!?")
        return self._placeholder("URL", trimmed) + url[len(trimmed) :]

    def _phone_replacer(self, text: str) -> Callable[[re.Match[str]], str]:
        def replace_phone(match: re.Match[str]) -> str:
            candidate, start = match.group(0), match.start()
            if _is_phone(candidate, text, start, match.end()):
                return self._placeholder("PHONE", candidate)
            # "06 12 34 56 78 - 07 12 34 56 78" is two numbers: judge each side of a spaced dash.
            parts = re.split(f"({_SPACED_DASH.pattern})", candidate)
            if len(parts) == 1:
                return candidate
            out, offset = [], start
            for part in parts:
                is_number = not _SPACED_DASH.fullmatch(part)
                if is_number and _is_phone(part, text, offset, offset + len(part)):
                    out.append(self._placeholder("PHONE", part))
                else:
                    out.append(part)
                offset += len(part)
            return "".join(out)

        return replace_phone

    @property
    def replacements(self) -> dict[str, str]:
        """placeholder -> original value (for tests and debugging; never log it)."""
        return dict(self._by_placeholder)

    def restore(self, value: Any) -> Any:
        """Put the original values back into every string of a (JSON-shaped) result."""
        if isinstance(value, str):
            return PLACEHOLDER.sub(
                lambda m: self._by_placeholder.get(m.group(0), m.group(0)), value
            )
        if isinstance(value, dict):
            return {key: self.restore(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.restore(item) for item in value]
        return value


def request_redact(request: AIRequest) -> tuple[AIRequest, Redactor]:
    """A copy of `request` whose documents carry placeholders, and the redactor to restore them.

    Instructions are ours and are not redacted.
    """
    redactor = Redactor(keep=request.keep_identifiers)
    documents = tuple(
        AIDocument(name=document.name, text=redactor.redact(document.text))
        for document in request.documents
    )
    return replace(request, documents=documents), redactor


def chat_request_redact(request: AIChatRequest) -> tuple[AIChatRequest, Redactor]:
    """`request_redact` for a chat: documents and every message carry placeholders."""
    redactor = Redactor()
    documents = tuple(
        AIDocument(name=document.name, text=redactor.redact(document.text))
        for document in request.documents
    )
    messages = tuple(
        AIChatMessage(role=message.role, text=redactor.redact(message.text))
        for message in request.messages
    )
    return replace(request, documents=documents, messages=messages), redactor

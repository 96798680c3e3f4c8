"""Plain text from source markup, and the normalised key that de-duplicates listings.

Pure functions (no Django models): the Adzuna adapter, the curated importer and the dedupe step
all use them, and they are unit-tested on their own.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

from django.utils.html import strip_tags

_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Legal-form suffixes that vary between sources for the same employer ("Acme Ltd" / "ACME").
_COMPANY_SUFFIXES = frozenset(
    {
        "ltd", "limited", "plc", "llc", "inc", "incorporated", "corp", "corporation", "co",
        "gmbh", "ag", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "pty", "group", "uk",
    }
)  # fmt: skip


def plain_text(value: object, *, max_length: int | None = None) -> str:
    """Text without tags and entities: Adzuna highlights matches with <strong> and escapes
    ampersands. The result is stored and rendered as text (autoescaped), never as HTML."""
    if value is None:
        return ""
    text = str(value)
    # Line breaks the markup implied, before the tags go.
    text = re.sub(r"(?i)<\s*(br|/p|/li|/div|/h[1-6])\s*/?\s*>", "\n", text)
    text = html.unescape(strip_tags(text))
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_ish).strip()


def normalise_company(value: str) -> str:
    words = _fold(value).split()
    while words and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalise_title(value: str) -> str:
    return " ".join(_fold(value).split())


def normalise_location(value: str) -> str:
    return " ".join(_fold(value).split())


def dedupe_key(*, company: str, title: str, location: str) -> str:
    """The same job from two sources gets the same key: case, accents, punctuation, extra
    spaces and legal-form suffixes of the company do not count."""
    parts = (normalise_company(company), normalise_title(title), normalise_location(location))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:64]

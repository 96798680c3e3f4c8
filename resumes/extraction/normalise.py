# ruff: noqa: RUF001 - CV text is full of dashes, bullets and curly quotes
"""From raw extracted text to clean lines: ligatures, hyphenation, bullets, odd spaces."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Beyond this a "CV" is not a CV; the cap keeps every later step bounded.
MAX_CHARS = 100_000
MAX_LINES = 4_000
MAX_LINE = 2_000

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
    "\u0152": "Œ",
}
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"), " "
)
_SPACES.update(dict.fromkeys(map(ord, "\u2009\u200a\u202f\u205f\u3000\t\f\v"), " "))
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)

_BULLET_RE = re.compile(
    r"^\s{0,20}(?:[•▪◦●■‣∙·○□➢➤►▸✓✔\-\*–—](?=\s|[A-Za-zÀ-ÿ])|\d{1,2}[.)](?=\s))\s{0,8}"
)
# "develop-\nment": a word broken at a line end by hyphenation.
_HYPHEN_BREAK_RE = re.compile(r"([a-zà-öø-ÿ]{2})-\n[ \t]{0,20}([a-zà-öø-ÿ]{2})")
_MULTISPACE_RE = re.compile(r" {2,}")


@dataclass
class Line:
    text: str
    bullet: bool = False

    @property
    def blank(self) -> bool:
        return not self.text


def normalise_text(text: str) -> str:
    text = text[:MAX_CHARS]
    text = unicodedata.normalize("NFC", text)
    for ligature, letters in _LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, letters)
    text = text.translate(_DROP).translate(_SPACES)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return _HYPHEN_BREAK_RE.sub(r"\1\2", text)


def to_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for raw in normalise_text(text).split("\n"):
        for start in range(0, max(len(raw), 1), MAX_LINE):
            chunk = raw[start : start + MAX_LINE]
            match = _BULLET_RE.match(chunk)
            bullet = False
            if match and match.end() < len(chunk):
                marker = chunk[: match.end()].strip()
                # "-" followed by a digit is a negative number or a range, not a bullet.
                bullet = bool(marker)
                chunk = chunk[match.end() :]
            clean = _MULTISPACE_RE.sub(" ", chunk).strip()
            lines.append(Line(clean, bullet and bool(clean)))
    # Collapse runs of blank lines to one: blank lines separate blocks, their count does not matter.
    out: list[Line] = []
    for line in lines:
        if line.blank and (not out or out[-1].blank):
            continue
        out.append(line)
    while out and out[-1].blank:
        out.pop()
    return out[:MAX_LINES]

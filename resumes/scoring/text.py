"""Text normalisation shared by the job parser and the CV profile: case, accents, plurals and
tech spellings folded the same way on both sides, so matching is a plain token comparison."""

from __future__ import annotations

import re
import unicodedata

# Spellings whose punctuation carries the meaning; rewritten before punctuation is dropped.
_SPECIAL = (
    (re.compile(r"c\+\+"), " cplusplus "),
    (re.compile(r"c#"), " csharp "),
    (re.compile(r"f#"), " fsharp "),
    (re.compile(r"(?<![a-z0-9])\.net\b"), " dotnet "),
    (re.compile(r"\bci\s*/\s*cd\b"), " cicd "),
    (re.compile(r"\bui\s*/\s*ux\b"), " ui ux "),
    (re.compile(r"\b([a-z0-9]+)\.js\b"), r" \1js "),
    (re.compile(r"\bnode\s+js\b"), " nodejs "),
)
_TOKEN = re.compile(r"[a-z0-9]+")
# Words whose trailing "s" is not a plural (kept as they are).
_KEEP_S = frozenset(
    {
        "analysis",
        "aws",
        "business",
        "css",
        "devops",
        "ios",
        "js",
        "kubernetes",
        "postgres",
        "sass",
        "less",
        "process",
        "success",
        "access",
        "express",
        "redis",
        "jenkins",
        "pandas",
        "sas",
        "ads",
        "ms",
        "vs",
        "ans",
        "plus",
        "news",
        "status",
        "focus",
        "campus",
        "corpus",
        "bonus",
        "nous",
        "vous",
        "sans",
        "dans",
        "sous",
        "tous",
        "mais",
        "fois",
        "pas",
        "gas",
        "gis",
        "physics",
        "statistics",
        "mathematics",
        "economics",
        "analytics",
        "logistics",
        "ethics",
        "graphics",
        "is",
        "us",
        "as",
        "has",
        "was",
        "this",
        "its",
        "yes",
    }
)


def fold(text: str) -> str:
    """Lower case without accents, tech spellings rewritten (C++ -> cplusplus, Vue.js -> vuejs)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = stripped.replace("\u2019", "'")
    for pattern, replacement in _SPECIAL:
        stripped = pattern.sub(replacement, stripped)
    return stripped


# Common job words in Italian and French folded onto one English key, so an Italian job ad and
# an English CV can still agree on "sviluppo" / "development".
_CROSS = {
    "sviluppo": "development", "developpement": "development", "informatica": "informatic",
    "informatique": "informatic", "ingegneria": "engineering", "ingenierie": "engineering",
    "progettazione": "design", "conception": "design", "gestione": "management",
    "gestion": "management", "analisi": "analysis", "analyse": "analysis", "dati": "data",
    "donnee": "data", "clienti": "customer", "cliente": "customer", "client": "customer",
    "vendita": "sale", "vente": "sale", "formazione": "training", "formation": "training",
}  # fmt: skip


def stem(token: str) -> str:
    """A crude, symmetric plural fold (both sides go through it, so only consistency matters)."""
    return _CROSS.get(token) or _CROSS.get(_plural(token)) or _plural(token)


def _plural(token: str) -> str:
    if len(token) <= 3 or token in _KEEP_S or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("aux") and len(token) > 5:  # fr: travaux -> traval is fine, both sides
        return token[:-1]
    if token.endswith(("ss", "us", "is")):
        return token
    if token.endswith(("s", "x")) and not token.endswith("xx"):
        return token[:-1]
    return token


def words(text: str) -> list[str]:
    """Folded surface words, in order (no stemming) — for display forms and phrase scans."""
    return _TOKEN.findall(fold(text))


def tokens(text: str) -> list[str]:
    """Folded, stemmed tokens, in order."""
    return [stem(word) for word in words(text)]

"""Word-level before/after for a suggestion, rendered with <del>/<ins> (plus a visually hidden
"removed"/"added" label and strike-through/underline, so it never relies on colour alone)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffPart:
    op: str  # "equal", "delete" or "insert"
    text: str


def word_diff(before: str, after: str) -> list[DiffPart]:
    """Parts that read `before` (equal + delete) or `after` (equal + insert), word by word.
    Whitespace-only changes are folded into the surrounding equal text."""
    left = _TOKEN.findall(before)
    right = _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    parts: list[DiffPart] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if parts and parts[-1].op == op:
            parts[-1] = DiffPart(op, parts[-1].text + text)
        else:
            parts.append(DiffPart(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(left[i1:i2]))
            continue
        removed = "".join(left[i1:i2])
        added = "".join(right[j1:j2])
        if removed.strip():
            add("delete", removed)
        if added.strip():
            if removed.strip():
                add("equal", "")  # keeps delete and insert as separate parts
            add("insert", added)
        elif added:
            add("equal", added)
    return parts

"""From a provider's answer to clean, linked, checked suggestions — and applying accepted ones.

Whatever a provider returns, a stored suggestion:
* points at an addressable part of the CV (`paths.parse_path`) that exists in the source;
* carries the *exact* source text it rewrites, read from the CV by path (a model's quotation
  is only used to find the path when the model got the path wrong);
* changes something (no-ops are dropped) and is one per path (the first wins);
* for a reordering, loses nothing: source items the answer forgot are kept at the end;
* carries its fabrication flags (`fabrication`).
"""

from __future__ import annotations

import copy
from typing import Any

from resumes.optimisation.fabrication import flags_for_items, flags_for_text, source_facts
from resumes.optimisation.paths import (
    Target,
    entry_label,
    parse_path,
    set_at,
    text_targets,
    value_at,
)
from resumes.scoring.text import fold

MAX_SUGGESTIONS = 60
MAX_TEXT = 5000
MAX_REASON = 300
MAX_KEYWORDS = 10

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
DECISIONS = (PENDING, ACCEPTED, REJECTED)


def _same(left: str, right: str) -> bool:
    return " ".join(left.split()) == " ".join(right.split())


def _key(item: str) -> str:
    return " ".join(fold(item).split())


def _locate(data: dict[str, Any], original: str) -> Target | None:
    """The text path whose source text is `original` (when a model quoted the text right but
    named the wrong path)."""
    if not original.strip():
        return None
    for target, text in text_targets(data):
        if _same(text, original):
            return target
    return None


def _strings(value: Any, limit: int) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(item).strip()[:MAX_TEXT] for item in value if str(item).strip()][:limit]


def _reordered(source: list[str], proposed: list[str]) -> list[str]:
    """The proposed order, with every source item kept exactly once (forgotten ones last).
    Proposed items that are not in the source stay (they are flagged, not dropped silently)."""
    pool: dict[str, list[str]] = {}
    for item in source:
        pool.setdefault(_key(item), []).append(item)
    result: list[str] = []
    for item in proposed:
        bucket = pool.get(_key(item))
        if bucket:
            result.append(bucket.pop(0))
        elif _key(item) not in {_key(existing) for existing in result}:
            result.append(item)
    for item in source:
        bucket = pool.get(_key(item))
        if bucket and bucket[0] is item:
            result.append(bucket.pop(0))
    return result


def clean_suggestions(data: dict[str, Any], raw: Any) -> list[dict[str, Any]]:
    """Stored suggestions from a provider's validated `suggestions` list (see module doc)."""
    facts = source_facts(data)
    cleaned: list[dict[str, Any]] = []
    used_paths: set[str] = set()
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict) or len(cleaned) >= MAX_SUGGESTIONS:
            continue
        target = parse_path(str(item.get("path") or "").strip())
        original_quote = str(item.get("original") or "")
        if target is None or target.kind != item.get("kind", target.kind):
            target = _locate(data, original_quote) if item.get("kind") != "reorder" else None
        if target is None:
            continue
        source = value_at(data, target)
        if source is None:
            continue
        if isinstance(source, str) and source and not _same(source, original_quote):
            # The model quoted other text than what is at its path: find where it points.
            located = _locate(data, original_quote)
            if located is None:
                continue
            target, source = located, value_at(data, located)
            assert isinstance(source, str)
        if target.path in used_paths:
            continue
        entry = _suggestion(data, target, source, item, facts)
        if entry is None:
            continue
        used_paths.add(target.path)
        entry["id"] = f"s{len(cleaned) + 1}"
        cleaned.append(entry)
    return cleaned


def _suggestion(
    data: dict[str, Any],
    target: Target,
    source: str | list[str],
    item: dict[str, Any],
    facts: Any,
) -> dict[str, Any] | None:
    base = {
        "kind": target.kind,
        "path": target.path,
        "section": target.section,
        "context": entry_label(data, target.path),
        "keywords": _strings(item.get("keywords"), MAX_KEYWORDS),
        "reason": str(item.get("reason") or "").strip()[:MAX_REASON],
        "decision": PENDING,
    }
    if isinstance(source, str):
        suggested = " ".join(str(item.get("suggested") or "").split())[:MAX_TEXT]
        if not suggested or _same(suggested, source):
            return None
        return {
            **base,
            "original": source,
            "suggested": suggested,
            "items": [],
            "original_items": [],
            "flags": flags_for_text(facts, suggested),
        }
    proposed = _strings(item.get("items"), 200)
    new_order = _reordered(source, proposed)
    if [_key(value) for value in new_order] == [_key(value) for value in source]:
        return None
    return {
        **base,
        "original": ", ".join(source),
        "suggested": ", ".join(new_order),
        "items": new_order,
        "original_items": list(source),
        "flags": flags_for_items(facts, new_order, source),
    }


def suggestions_apply(data: dict[str, Any], suggestions: list[dict[str, Any]]) -> dict[str, Any]:
    """A copy of `data` with the accepted suggestions applied; the source is never modified.

    Rewrites go first (by path, on source indices), then reorderings, which move the
    (possibly rewritten) items by their source position — so rewriting a bullet and moving it
    up both take effect. A suggestion whose source text changed since it was made is skipped.
    """
    result = copy.deepcopy(data)
    accepted = [entry for entry in suggestions if entry.get("decision") == ACCEPTED]
    for entry in accepted:
        if entry.get("kind") != "rewrite":
            continue
        target = parse_path(str(entry.get("path")))
        if target is None or target.kind != "rewrite":
            continue
        current = value_at(data, target)
        if not isinstance(current, str) or not _same(current, str(entry.get("original") or "")):
            continue
        set_at(result, target.path, str(entry.get("suggested") or ""))
    for entry in accepted:
        if entry.get("kind") != "reorder":
            continue
        target = parse_path(str(entry.get("path")))
        if target is None or target.kind != "reorder":
            continue
        _apply_reorder(data, result, target, [str(item) for item in entry.get("items") or []])
    return result


def _apply_reorder(
    source_data: dict[str, Any], result: dict[str, Any], target: Target, items: list[str]
) -> None:
    source = value_at(source_data, target)
    if not isinstance(source, list):
        return
    positions: dict[str, list[int]] = {}
    for index, value in enumerate(source):
        positions.setdefault(_key(value), []).append(index)
    order: list[int] = []
    extra: list[str] = []
    for item in items:
        bucket = positions.get(_key(item))
        if bucket:
            order.append(bucket.pop(0))
        else:
            extra.append(item)
    order.extend(index for bucket in positions.values() for index in bucket)
    if target.path == "skills":
        entries = result.get("skills") or []
        result["skills"] = [entries[index] for index in order if index < len(entries)]
        result["skills"].extend({"name": name, "level": "", "keywords": []} for name in extra)
        return
    current = value_at(result, target)
    assert isinstance(current, list)
    set_at(
        result,
        target.path,
        [current[index] for index in order if index < len(current)] + extra,
    )

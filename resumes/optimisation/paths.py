"""Addresses of the parts of a CV a suggestion may touch, e.g. "work.0.highlights.2".

A path is either a *text* path (its value is one string the suggestion rewrites) or a *list*
path (its value is a list of strings the suggestion reorders). Nothing else is addressable: a
suggestion can never touch an employer, a title, a date or a degree field directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TEXT = (
    re.compile(r"^basics\.summary$"),
    re.compile(r"^work\.(\d{1,2})\.summary$"),
    re.compile(r"^work\.(\d{1,2})\.highlights\.(\d{1,2})$"),
    re.compile(r"^projects\.(\d{1,2})\.description$"),
    re.compile(r"^projects\.(\d{1,2})\.highlights\.(\d{1,2})$"),
)
_LIST = (
    re.compile(r"^skills$"),
    re.compile(r"^skills\.(\d{1,2})\.keywords$"),
    re.compile(r"^work\.(\d{1,2})\.highlights$"),
    re.compile(r"^projects\.(\d{1,2})\.highlights$"),
)

SECTIONS = ("summary", "work", "projects", "skills")


@dataclass(frozen=True)
class Target:
    path: str
    kind: str  # "rewrite" (one string) or "reorder" (a list of strings)
    section: str  # summary / work / projects / skills


def parse_path(path: str) -> Target | None:
    """The target a path names, or None when it is not an addressable part of a CV."""
    if any(pattern.match(path) for pattern in _TEXT):
        return Target(path, "rewrite", _section(path))
    if any(pattern.match(path) for pattern in _LIST):
        return Target(path, "reorder", _section(path))
    return None


def _section(path: str) -> str:
    head = path.split(".", 1)[0]
    return "summary" if head == "basics" else head


def _walk(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def value_at(data: dict[str, Any], target: Target) -> str | list[str] | None:
    """The source value at a target: a string (rewrite), a list of strings (reorder), or None
    when the CV has no such part."""
    if target.path == "skills":
        skills = data.get("skills") or []
        return [str(entry.get("name") or "") for entry in skills if isinstance(entry, dict)]
    value = _walk(data, target.path)
    if target.kind == "rewrite":
        if isinstance(value, str):
            return value
        # A summary the CV does not have yet is still a place a suggestion may fill.
        if value is None and target.path.endswith(("summary", "description")):
            parent = _walk(data, target.path.rsplit(".", 1)[0])
            return "" if isinstance(parent, dict) else None
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def text_targets(data: dict[str, Any]) -> list[tuple[Target, str]]:
    """Every rewritable string of the CV, in reading order."""
    found: list[tuple[Target, str]] = []
    basics = data.get("basics") or {}
    found.append((Target("basics.summary", "rewrite", "summary"), str(basics.get("summary") or "")))
    for section, field in (("work", "summary"), ("projects", "description")):
        for index, entry in enumerate(data.get(section) or []):
            if not isinstance(entry, dict):
                continue
            found.append(
                (
                    Target(f"{section}.{index}.{field}", "rewrite", section),
                    str(entry.get(field) or ""),
                )
            )
            for number, text in enumerate(entry.get("highlights") or []):
                found.append(
                    (Target(f"{section}.{index}.highlights.{number}", "rewrite", section), text)
                )
    return found


def set_at(data: dict[str, Any], path: str, value: Any) -> None:
    """Write `value` at a text or list path of `data` (which the caller owns: a copy)."""
    parts = path.split(".")
    node: Any = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def entry_label(data: dict[str, Any], path: str) -> str:
    """A human label for where a path points: "Senior Data Scientist · AstraZeneca"."""
    parts = path.split(".")
    if parts[0] in ("work", "projects") and len(parts) > 1 and parts[1].isdigit():
        entries = data.get(parts[0]) or []
        index = int(parts[1])
        if index < len(entries) and isinstance(entries[index], dict):
            entry = entries[index]
            if parts[0] == "work":
                bits = [entry.get("position") or "", entry.get("name") or ""]
            else:
                bits = [entry.get("name") or ""]
            return " · ".join(bit for bit in bits if bit)
    if parts[0] == "skills" and len(parts) > 1 and parts[1].isdigit():
        entries = data.get("skills") or []
        index = int(parts[1])
        if index < len(entries) and isinstance(entries[index], dict):
            return str(entries[index].get("name") or "")
    return ""

"""The JSON Resume shape (https://jsonresume.org/schema) as this app stores and edits it.

`normalise` turns anything — extractor output, an imported file, a form submission — into one
predictable shape: every known key present, strings trimmed and bounded, lists of strings for
highlights/keywords. Unknown keys are dropped, so templates and later features never meet
surprises (and a hostile import cannot smuggle in megabytes of nested data). Languages carry an
optional `cefr` level (A1-C2, or "Native"), an extension the schema allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resumes.errors import InvalidJsonResume

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "Native")
MAX_TEXT = 5000
MAX_SHORT = 300
MAX_ITEMS = 100

BASICS_FIELDS = ("name", "label", "email", "phone", "url", "summary")
LOCATION_FIELDS = ("address", "postalCode", "city", "region", "countryCode")
PROFILE_FIELDS = ("network", "username", "url")
# section -> (scalar fields, list-of-string fields)
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "work": (
        ("name", "position", "location", "url", "startDate", "endDate", "summary"),
        ("highlights",),
    ),
    "education": (
        ("institution", "area", "studyType", "startDate", "endDate", "score", "url"),
        ("courses",),
    ),
    "skills": (("name", "level"), ("keywords",)),
    "languages": (("language", "fluency", "cefr"), ()),
    "certificates": (("name", "issuer", "date", "url"), ()),
    "projects": (("name", "description", "url", "startDate", "endDate"), ("highlights",)),
}
_LONG_FIELDS = {"summary", "description"}
_CEFR = re.compile(r"\b([ABC][12])\b", re.IGNORECASE)
_NATIVE = re.compile(r"\b(native|mother tongue|madrelingua|langue maternelle)\b", re.IGNORECASE)


def _text(value: Any, *, long: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return ""
    limit = MAX_TEXT if long else MAX_SHORT
    return value.strip()[:limit]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [line for line in value.splitlines()]
    if not isinstance(value, list):
        return []
    items = [_text(item) for item in value[:MAX_ITEMS]]
    return [item for item in items if item]


def _dicts(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value[:MAX_ITEMS] if isinstance(item, dict)]


def cefr_level(entry: dict[str, Any]) -> str:
    """The CEFR level of a language entry: its `cefr`, else one stated in `fluency`."""
    for candidate in (entry.get("cefr"), entry.get("fluency")):
        if not isinstance(candidate, str):
            continue
        if _NATIVE.search(candidate) or candidate.strip().lower() == "native":
            return "Native"
        match = _CEFR.search(candidate)
        if match:
            return match.group(1).upper()
    return ""


def _entry(section: str, item: dict[str, Any]) -> dict[str, Any]:
    scalars, lists = SECTIONS[section]
    entry: dict[str, Any] = {key: _text(item.get(key), long=key in _LONG_FIELDS) for key in scalars}
    for key in lists:
        entry[key] = _strings(item.get(key))
    if section == "work" and not entry["name"]:
        entry["name"] = _text(item.get("company"))  # JSON Resume 0.x called it "company"
    if section == "languages":
        entry["cefr"] = cefr_level(item)
    return entry


def _is_blank(entry: dict[str, Any]) -> bool:
    return not any(entry.values())


def normalise(data: Any) -> dict[str, Any]:
    """Any dict-ish input -> the full, predictable shape (see module docstring)."""
    if not isinstance(data, dict):
        data = {}
    raw_basics = data.get("basics") if isinstance(data.get("basics"), dict) else {}
    assert isinstance(raw_basics, dict)
    basics: dict[str, Any] = {
        key: _text(raw_basics.get(key), long=key == "summary") for key in BASICS_FIELDS
    }
    raw_location = raw_basics.get("location")
    if isinstance(raw_location, str):
        raw_location = {"city": raw_location}
    if not isinstance(raw_location, dict):
        raw_location = {}
    basics["location"] = {key: _text(raw_location.get(key)) for key in LOCATION_FIELDS}
    profiles = [
        {key: _text(item.get(key)) for key in PROFILE_FIELDS}
        for item in _dicts(raw_basics.get("profiles"))
    ]
    basics["profiles"] = [profile for profile in profiles if any(profile.values())]
    result: dict[str, Any] = {"basics": basics}
    for section in SECTIONS:
        entries = [_entry(section, item) for item in _dicts(data.get(section))]
        result[section] = [entry for entry in entries if not _is_blank(entry)]
    return result


def to_export(data: Any) -> dict[str, Any]:
    """A standard JSON Resume document (with `$schema`), empty values left out."""

    def prune(value: Any) -> Any:
        if isinstance(value, dict):
            pruned = {key: prune(item) for key, item in value.items()}
            return {key: item for key, item in pruned.items() if item not in ("", [], {}, None)}
        if isinstance(value, list):
            items = [prune(item) for item in value]
            return [item for item in items if item not in ("", [], {}, None)]
        return value

    document = prune(normalise(data))
    return {"$schema": SCHEMA_URL, **document}


def parse_import(raw: bytes) -> dict[str, Any]:
    """Validate an uploaded JSON Resume file and return its normalised data."""
    import json

    try:
        text = raw.decode("utf-8-sig")
        loaded = json.loads(text)
    except UnicodeDecodeError as exc:
        raise InvalidJsonResume(detail=_("the file is not UTF-8 text.")) from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidJsonResume(detail=_("the file is not valid JSON.")) from exc
    if not isinstance(loaded, dict):
        raise InvalidJsonResume(detail=_("the top level must be an object."))
    known = {"basics", *SECTIONS}
    if not known.intersection(loaded):
        raise InvalidJsonResume(
            detail=_("it has none of the JSON Resume sections (basics, work, education, …).")
        )
    if "basics" in loaded and not isinstance(loaded["basics"], dict):
        raise InvalidJsonResume(detail=_("“basics” must be an object."))
    for section in SECTIONS:
        if section in loaded and not isinstance(loaded[section], list):
            raise InvalidJsonResume(
                detail=_("“%(section)s” must be a list.") % {"section": section}
            )
    data = normalise(loaded)
    if not data["basics"]["name"] and not any(data[section] for section in SECTIONS):
        raise InvalidJsonResume(detail=_("it contains no CV data."))
    return data


# --- what was found --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldStatus:
    key: str
    label: Promise
    found: bool
    count: int = 0


def field_report(data: Any) -> list[FieldStatus]:
    """Which parts of a CV were found (green) and which are missing (amber)."""
    data = normalise(data)
    basics = data["basics"]
    location = basics["location"]
    has_location = bool(location["city"] or location["region"] or location["countryCode"])
    links = len(basics["profiles"]) + (1 if basics["url"] else 0)
    report = [
        FieldStatus("name", _("Name"), bool(basics["name"])),
        FieldStatus("email", _("Email"), bool(basics["email"])),
        FieldStatus("phone", _("Phone"), bool(basics["phone"])),
        FieldStatus("location", _("Location"), has_location),
        FieldStatus("links", _("Links"), links > 0, links),
        FieldStatus("summary", _("Summary"), bool(basics["summary"])),
    ]
    labels: dict[str, Promise] = {
        "work": _("Work experience"),
        "education": _("Education"),
        "skills": _("Skills"),
        "languages": _("Languages"),
        "certificates": _("Certificates"),
        "projects": _("Projects"),
    }
    for section, label in labels.items():
        count = len(data[section])
        report.append(FieldStatus(section, label, count > 0, count))
    return report

"""Reads for CVs. Every lookup is by the requesting user (and, through the default manager, the
current tenant): another user's or another tenant's CV is indistinguishable from a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from resumes import jsonresume
from resumes.errors import error_message
from resumes.matching import COMPONENT_LABELS, reason_text
from resumes.models import MatchScore, Optimisation, Resume, ResumeVersion

# Large columns the list page never shows.
_HEAVY_FIELDS = ("extracted_text", "parsed_data", "edited_data")


def resumes_for_user(*, user: User) -> QuerySet[Resume]:
    return (
        Resume.objects.filter(user=user)
        .defer(*_HEAVY_FIELDS)
        .order_by("-is_primary", "-created_at", "-id")
    )


def resume_for_user(*, user: User, resume_id: int, light: bool = False) -> Resume | None:
    queryset = Resume.objects.filter(user=user, pk=resume_id)
    if light:
        queryset = queryset.defer(*_HEAVY_FIELDS)
    return queryset.first()


def resume_with_same_file(*, user: User, sha256: str) -> Resume | None:
    """The user's CV holding a byte-identical file, if any (uploading it twice is a slip)."""
    return (
        Resume.objects.filter(user=user, sha256=sha256)
        .exclude(sha256="")
        .defer(*_HEAVY_FIELDS)
        .first()
    )


def resume_error_message(*, resume: Resume) -> str:
    from django.conf import settings

    if not resume.error_code:
        return ""
    return error_message(
        resume.error_code,
        pages=resume.page_count or 0,
        max=settings.RESUME_MAX_PAGES,
    )


def resume_review(*, resume: Resume) -> dict[str, Any]:
    """What the review page shows: the normalised data and which fields were found."""
    data = jsonresume.normalise(resume.data)
    report = jsonresume.field_report(data)
    return {
        "data": data,
        "report": report,
        "found": sum(1 for item in report if item.found),
        "total": len(report),
        "edited": resume.edited_data is not None,
    }


def resume_export(*, resume: Resume) -> dict[str, Any]:
    return jsonresume.to_export(resume.data)


# --- match scores ---------------------------------------------------------------------------------

HISTORY_LIMIT = 20


def match_scores_for_resume(*, user: User, resume: Resume) -> QuerySet[MatchScore]:
    """The CV's past scores, newest first, without the heavy columns."""
    return (
        MatchScore.objects.filter(user=user, resume=resume)
        .defer("job_description", "breakdown", "missing_keywords")
        .order_by("-created_at", "-id")[:HISTORY_LIMIT]
    )


def match_score_timeline(*, user: User, limit: int = 30) -> list[dict[str, Any]]:
    """The user's latest match scores across all CVs, oldest first, as `created_at` and `score`
    (billing's "scores over time" chart)."""
    rows = (
        MatchScore.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values("created_at", "score")[:limit]
    )
    return list(reversed(list(rows)))


def match_score_for_user(*, user: User, resume: Resume, match_id: int) -> MatchScore | None:
    return MatchScore.objects.filter(user=user, resume=resume, pk=match_id).first()


def match_score_report(*, match: MatchScore) -> dict[str, Any]:
    """What the score page shows, with every reason as a sentence in the active language."""
    breakdown = match.breakdown if isinstance(match.breakdown, dict) else {}
    components = []
    for component in breakdown.get("components") or []:
        reasons = [reason_text(reason) for reason in component.get("reasons") or []]
        # Must-haves are listed in full beside the breakdown; keep this column short.
        if component.get("key") == "must_haves":
            reasons = [reason for reason in reasons if reason.positive is None]
        weight = component.get("weight") or 0
        points = component.get("points") or 0
        components.append(
            {
                "key": component.get("key"),
                "label": COMPONENT_LABELS.get(component.get("key", ""), component.get("key")),
                "applicable": bool(component.get("applicable")),
                "percent": round((component.get("value") or 0) * 100),
                "points": round(points),
                "weight": weight,
                "reasons": [reason for reason in reasons if reason.text],
            }
        )
    return {
        "components": components,
        "must_haves": breakdown.get("must_haves") or [],
        "nice_to_haves": breakdown.get("nice_to_haves") or [],
        "matched_keywords": breakdown.get("matched_keywords") or [],
        "missing_keywords": match.missing_keywords or [],
        "notes": [reason_text(note) for note in breakdown.get("notes") or []],
    }


# --- optimisations and versions ---------------------------------------------------------------


def optimisation_for_user(
    *, user: User, resume: Resume, optimisation_id: int
) -> Optimisation | None:
    return Optimisation.objects.filter(user=user, resume=resume, pk=optimisation_id).first()


def optimisations_for_resume(*, user: User, resume: Resume) -> QuerySet[Optimisation]:
    return (
        Optimisation.objects.filter(user=user, resume=resume)
        .defer("job_description", "source_data")
        .order_by("-created_at", "-id")[:HISTORY_LIMIT]
    )


def versions_for_resume(*, user: User, resume: Resume) -> QuerySet[ResumeVersion]:
    return (
        ResumeVersion.objects.filter(user=user, resume=resume)
        .defer("data")
        .order_by("-created_at", "-id")
    )


def version_for_user(*, user: User, resume: Resume, version_id: int) -> ResumeVersion | None:
    return ResumeVersion.objects.filter(user=user, resume=resume, pk=version_id).first()


def _suggestion_list(optimisation: Optimisation) -> list[dict[str, Any]]:
    raw = optimisation.suggestions
    return [entry for entry in raw if isinstance(entry, dict)] if isinstance(raw, list) else []


def suggestion_view(entry: dict[str, Any]) -> dict[str, Any]:
    """One suggestion as the review page shows it: diff parts, labels and flags in words."""
    from resumes.optimisation.diff import word_diff
    from resumes.optimisation.text import (
        FLAG_LABELS,
        REASON_TEXTS,
        SECTION_LABELS,
        location_text,
    )

    kind = entry.get("kind")
    original = str(entry.get("original") or "")
    suggested = str(entry.get("suggested") or "")
    reason = str(entry.get("reason") or "")
    flags = [
        {"kind": flag.get("kind"), "label": FLAG_LABELS.get(str(flag.get("kind")), ""),
         "value": str(flag.get("value") or "")}
        for flag in entry.get("flags") or []
        if isinstance(flag, dict)
    ]  # fmt: skip
    return {
        "id": str(entry.get("id") or ""),
        "kind": kind,
        "path": str(entry.get("path") or ""),
        "section": SECTION_LABELS.get(str(entry.get("section")), ""),
        "where": location_text(str(entry.get("path") or ""), str(entry.get("context") or "")),
        "original": original,
        "suggested": suggested,
        "diff": word_diff(original, suggested) if kind == "rewrite" else [],
        "original_items": [str(item) for item in entry.get("original_items") or []],
        "items": [str(item) for item in entry.get("items") or []],
        "keywords": [str(item) for item in entry.get("keywords") or []],
        "reason": REASON_TEXTS.get(reason, reason),
        "flags": flags,
        "decision": entry.get("decision") or "pending",
        "confirmed": bool(entry.get("confirmed")),
    }


def optimisation_review(*, optimisation: Optimisation) -> dict[str, Any]:
    suggestions = [suggestion_view(entry) for entry in _suggestion_list(optimisation)]
    return {
        "suggestions": suggestions,
        "counts": optimisation_counts(optimisation=optimisation),
    }


def optimisation_counts(*, optimisation: Optimisation) -> dict[str, int]:
    entries = _suggestion_list(optimisation)
    return {
        "total": len(entries),
        "accepted": sum(1 for entry in entries if entry.get("decision") == "accepted"),
        "rejected": sum(1 for entry in entries if entry.get("decision") == "rejected"),
        "pending": sum(1 for entry in entries if entry.get("decision") in (None, "pending")),
        "flagged": sum(1 for entry in entries if entry.get("flags")),
    }


def suggestion_for(*, optimisation: Optimisation, suggestion_id: str) -> dict[str, Any] | None:
    for entry in _suggestion_list(optimisation):
        if entry.get("id") == suggestion_id:
            return entry
    return None

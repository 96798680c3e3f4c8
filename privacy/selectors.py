"""Reads of the privacy engine: what the Data & Privacy page shows, and the manifest summary
the user sees before deleting their account."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from accounts.models import User
from privacy.export import export_progress
from privacy.manifest import Anonymise, Retain, load_manifest
from privacy.models import DataExport, ErasureHold, ErasureRequest


@dataclass(frozen=True)
class ErasureSummaryItem:
    what: str
    detail: str


@dataclass(frozen=True)
class ErasureSummary:
    deleted: list[ErasureSummaryItem]
    kept: list[ErasureSummaryItem]


def erasure_summary() -> ErasureSummary:
    """What an erasure deletes and what it keeps (and why), from the manifest."""
    manifest = load_manifest()
    deleted: list[ErasureSummaryItem] = []
    kept: list[ErasureSummaryItem] = []
    for _label, entry in sorted(manifest.entries.items(), key=lambda kv: kv[1].purpose):
        if not entry.personal:
            continue
        if isinstance(entry.erasure, Retain):
            kept.append(
                ErasureSummaryItem(
                    entry.purpose, f"{entry.erasure.legal_basis} — {entry.erasure.until}"
                )
            )
        elif isinstance(entry.erasure, Anonymise):
            retention = entry.retention.description if entry.retention else ""
            kept.append(
                ErasureSummaryItem(
                    entry.purpose,
                    f"Kept without any link to you ({entry.legal_basis}). {retention}".strip(),
                )
            )
        else:
            deleted.append(ErasureSummaryItem(entry.purpose, ""))
    for _name, system in sorted(manifest.external.items()):
        if system.stores_personal_data and system.configured():
            deleted.append(ErasureSummaryItem(system.purpose, system.recipient))
    return ErasureSummary(deleted=deleted, kept=kept)


def exports_for_user(*, user: User, limit: int = 5) -> list[DataExport]:
    return list(DataExport.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def privacy_settings_context(*, user: User) -> dict[str, Any]:
    """Extra context of the Data & Privacy settings page (rendered by accounts)."""
    exports = exports_for_user(user=user)
    for export in exports:
        # In memory only: while a build runs, its progress lives in the cache.
        export.progress = export_progress(export)
    return {"exports": exports, "export_pending": any(e.is_pending for e in exports)}


def export_for_user(*, user: User, export_id: int) -> DataExport:
    """One of the user's exports in the current tenant; anyone else's is a 404."""
    export = DataExport.objects.filter(user=user, pk=export_id).select_related("tenant").first()
    if export is None:
        raise Http404("No such export.")
    return export


def erasure_hold_for(*, user_id: int) -> ErasureHold | None:
    return ErasureHold.objects.filter(user_id=user_id).first()


def erasure_held_user_ids(*, user_ids: Iterable[int]) -> set[int]:
    """Which of these users closed their account (erasure pending): nothing may be sent to them,
    whatever was queued before (reminders, digests, marketing)."""
    return set(
        ErasureHold.objects.filter(user_id__in=list(user_ids)).values_list("user_id", flat=True)
    )


def erasure_request_by_token(*, token: str) -> ErasureRequest:
    """The public status page of an erasure (the user is signed out by then): found by its
    unguessable token, in the current tenant only."""
    request = (
        ErasureRequest.objects.filter(status_token=token).select_related("receipt").first()
        if token
        else None
    )
    if request is None:
        raise Http404("No such request.")
    return request

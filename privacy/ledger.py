"""The receipts ledger: one JSON document per completed erasure, written outside the database.

After a database restore, the restored rows may include people who were erased after the
backup was taken; `privacy_replay --since` reads this ledger (which the restore did not touch)
and erases them again. Entries hold no personal data: the subject is a keyed hash.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_datetime


def _ledger_dir() -> Path:
    path = Path(settings.PRIVACY_LEDGER_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def ledger_append(entry: dict[str, Any]) -> Path:
    """Write one receipt atomically (temp file + rename; a half-written entry never exists)."""
    directory = _ledger_dir()
    stamp = entry["completed_at"].replace(":", "").replace("+", "Z")
    path = directory / f"{stamp}-{entry['receipt_id']}.json"
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(entry, handle, sort_keys=True, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    return path


def ledger_entries(*, since: datetime) -> list[dict[str, Any]]:
    """Receipts of erasures completed at or after `since`, oldest first."""
    entries: list[dict[str, Any]] = []
    for path in sorted(_ledger_dir().glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        completed = parse_datetime(entry["completed_at"])
        if completed is not None and completed >= since:
            entries.append(entry)
    return entries

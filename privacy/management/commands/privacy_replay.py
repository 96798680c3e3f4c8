"""`manage.py privacy_replay --since 2026-11-01T00:00Z`: after restoring a database backup taken
at that time, erase again everyone whose erasure completed since (from the receipts ledger)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from privacy.replay import erasure_replay


def _parse(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"Not a date or datetime: {value!r}")
        parsed = datetime(day.year, day.month, day.day)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


class Command(BaseCommand):
    help = "Re-apply erasures recorded in the receipts ledger since DATETIME (after a restore)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            required=True,
            help="When the restored backup was taken (ISO date or datetime; naive means UTC).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = _parse(options["since"])
        result = erasure_replay(since=since)
        self.stdout.write(
            f"Ledger entries since {since.isoformat()}: {result.entries}; "
            f"restored subjects found: {result.matched}; erased again: {len(result.erased)}."
        )

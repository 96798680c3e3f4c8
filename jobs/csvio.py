"""CSV import (parse + validate every row, for a preview with per-row errors) and export.

Import rows are validated by the same ApplicationForm the UI uses, so a CSV cannot store what
the form would refuse. Export neutralises spreadsheet formulas (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from jobs.forms import ApplicationForm
from jobs.models import Application, Priority, Status

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS: tuple[str, ...] = (
    "company",
    "title",
    "url",
    "location",
    "workplace_type",
    "contract_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "source",
    "status",
    "closing_reason",
    "priority",
    "applied_on",
    "deadline",
    "follow_up_on",
    "tags",
    "notes",
    "description",
)
# Header spellings people use in their own spreadsheets.
ALIASES = {
    "job title": "title",
    "position": "title",
    "role": "title",
    "employer": "company",
    "link": "url",
    "job url": "url",
    "applied": "applied_on",
    "applied on": "applied_on",
    "date applied": "applied_on",
    "follow up": "follow_up_on",
    "follow-up": "follow_up_on",
    "follow up on": "follow_up_on",
    "currency": "salary_currency",
    "salary min": "salary_min",
    "salary max": "salary_max",
    "workplace": "workplace_type",
    "contract": "contract_type",
}
PRIORITY_WORDS = {"low": Priority.LOW, "normal": Priority.NORMAL, "high": Priority.HIGH}


class CsvError(ValueError):
    """The file as a whole cannot be read (encoding, size, no header...)."""


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise CsvError(_("The file is larger than 2 MB."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvError(_("The file is not text (save it as CSV, UTF-8)."))


def _header_key(name: str) -> str:
    key = " ".join(name.strip().lower().replace("_", " ").split())
    key = ALIASES.get(key, key.replace(" ", "_"))
    return key


def _normalise(values: dict[str, str]) -> dict[str, str]:
    """Accept human spellings: status labels, priority words, '60k'."""
    out = dict(values)
    status = out.get("status", "").strip().lower().replace(" ", "_")
    labels = {str(label).lower().replace(" ", "_"): value for value, label in Status.choices}
    out["status"] = labels.get(status, status) or Status.WISHLIST
    priority = out.get("priority", "").strip().lower()
    out["priority"] = str(PRIORITY_WORDS.get(priority, priority or Priority.NORMAL))
    for key in ("salary_min", "salary_max"):
        raw = out.get(key, "").strip().lower().replace(",", "").replace(" ", "")
        if raw.endswith("k") and raw[:-1].isdigit():
            raw = str(int(raw[:-1]) * 1000)
        out[key] = raw
    return out


def parse_csv(raw: bytes, *, user: User) -> list[ImportRow]:
    text = _decode(raw)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvError(_("The file is empty.")) from None
    keys = [_header_key(h) for h in header]
    if "company" not in keys or "title" not in keys:
        raise CsvError(_("The first row must name the columns, including “company” and “title”."))
    rows: list[ImportRow] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvError(_("At most 2,000 rows per import; split the file."))
        values = dict.fromkeys(COLUMNS, "")
        values.update(
            {
                key: (cells[i].strip() if i < len(cells) else "")
                for i, key in enumerate(keys)
                if key in COLUMNS
            }
        )
        row = ImportRow(line=number, values=values)
        form = ApplicationForm(data=_normalise(values), user=user)
        if form.is_valid():
            row.cleaned = {**form.application_data(), "tags": form.cleaned_data["tags"]}
            row.cleaned.pop("resume", None)
        else:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    row.errors.append(f"{label}: {error}" if label else str(error))
        rows.append(row)
    if not rows:
        raise CsvError(_("The file has a header but no rows."))
    return rows


def _safe(value: Any) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheet apps.
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def export_rows(applications: Iterable[Application]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow([*COLUMNS, "cv_sent", "match_score", "added"])
    yield "\ufeff" + flush()  # BOM: spreadsheet apps then read the file as UTF-8
    for app in applications:
        values = {c: getattr(app, c, "") for c in COLUMNS if c != "tags"}
        values["tags"] = "; ".join(t.name for t in app.tags.all())
        writer.writerow(
            [_safe(values[c]) for c in COLUMNS]
            + [
                _safe(app.resume.title if app.resume else ""),
                _safe(app.match_score),
                app.created_at.date().isoformat(),
            ]
        )
        yield flush()

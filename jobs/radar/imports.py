"""Curated listings from a CSV or JSON file: parse, validate every row, preview, import.

The admin page shows a preview first (each row with its errors), then imports the valid rows
when the admin confirms. The file is re-read on confirm (sent back in a hidden field), so there
is no server-side state between the two steps.

CSV: a header row with the column names below (extra columns are ignored). JSON: a list of
objects with the same keys, or {"listings": [...]}.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.context import require_tenant_id
from jobs.radar.models import COUNTRIES, Listing, Source, WorkplaceType, currency_for
from jobs.radar.text import dedupe_key, plain_text

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = (
    "title",
    "company",
    "location",
    "description",
    "url",
    "country",
    "salary_min",
    "salary_max",
    "currency",
    "contract_type",
    "contract_time",
    "workplace_type",
    "category",
    "posted_at",
    "reference",
    "latitude",
    "longitude",
)
REQUIRED = ("title", "company", "description", "url")


class ImportError_(ValueError):
    """The file as a whole cannot be read (wrong format, too big, no rows)."""


class ListingRowForm(forms.Form):
    """One row. Field names are the file's column names; messages name the column."""

    title = forms.CharField(max_length=200)
    company = forms.CharField(max_length=200)
    location = forms.CharField(max_length=200, required=False)
    description = forms.CharField(max_length=20_000)
    url = forms.URLField(max_length=1000, assume_scheme="https")
    country = forms.ChoiceField(
        choices=[("", "")] + [(code, code) for code in COUNTRIES], required=False
    )
    salary_min = forms.IntegerField(min_value=0, max_value=100_000_000, required=False)
    salary_max = forms.IntegerField(min_value=0, max_value=100_000_000, required=False)
    currency = forms.RegexField(regex=r"^[A-Za-z]{3}$", required=False)
    contract_type = forms.ChoiceField(
        choices=[("", ""), ("permanent", "permanent"), ("contract", "contract")], required=False
    )
    contract_time = forms.ChoiceField(
        choices=[("", ""), ("full_time", "full_time"), ("part_time", "part_time")], required=False
    )
    workplace_type = forms.ChoiceField(
        choices=[("", "")] + [(value, value) for value in WorkplaceType.values if value],
        required=False,
    )
    category = forms.CharField(max_length=120, required=False)
    posted_at = forms.DateTimeField(required=False)
    reference = forms.CharField(max_length=80, required=False)
    # Optional map position: lets a saved search's distance apply to the listing.
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False)

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country") or "").lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("must not be lower than salary_min"))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("give both latitude and longitude, or neither"))
        return data


@dataclass
class PreviewRow:
    number: int  # 1-based data row number (the CSV header is row 0)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    rows: list[PreviewRow]

    @property
    def valid(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.ok]

    @property
    def invalid(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.ok]


def _records(text: str, *, filename: str) -> list[dict[str, Any]]:
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise ImportError_(_("The file is empty."))
    if filename.lower().endswith(".json") or stripped[:1] in "[{":
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            raise ImportError_(_("This is not valid JSON: %(error)s") % {"error": exc}) from exc
        if isinstance(data, dict):
            data = data.get("listings")
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ImportError_(
                _("The JSON must be a list of listings, or an object with a “listings” list.")
            )
        return data
    try:
        dialect = csv.Sniffer().sniff(stripped.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(stripped), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportError_(
            _("The CSV header must name the columns %(columns)s (missing: %(missing)s).")
            % {"columns": ", ".join(REQUIRED), "missing": ", ".join(missing)}
        )
    reader.fieldnames = header
    return [dict(row) for row in reader]


def _field_errors(form: ListingRowForm) -> list[str]:
    errors: list[str] = []
    for name, messages in form.errors.items():
        for message in messages:
            errors.append(f"{name}: {message}" if name != "__all__" else str(message))
    return errors


def preview_build(text: str, *, filename: str = "") -> Preview:
    """Every row of the file, validated; rows duplicating another row or a stored listing are
    errors too (the radar keeps one row per job)."""
    if len(text.encode()) > MAX_BYTES:
        raise ImportError_(_("The file is larger than 2 MB: split it into smaller files."))
    records = _records(text, filename=filename)
    if not records:
        raise ImportError_(_("The file has a header but no listings."))
    if len(records) > MAX_ROWS:
        raise ImportError_(
            _("The file has %(count)s rows; import at most %(max)s at a time.")
            % {"count": len(records), "max": MAX_ROWS}
        )
    rows: list[PreviewRow] = []
    keys_in_file: dict[str, int] = {}
    refs_in_file: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        values = {
            name: plain_text(record.get(name)) if name == "description" else
            str(record.get(name) if record.get(name) is not None else "").strip()
            for name in COLUMNS
        }  # fmt: skip
        form = ListingRowForm(values)
        row = PreviewRow(number=number, values=values)
        if form.is_valid():
            row.cleaned = form.cleaned_data
            key = dedupe_key(
                company=row.cleaned["company"],
                title=row.cleaned["title"],
                location=row.cleaned["location"],
            )
            row.cleaned["dedupe_key"] = key
            if key in keys_in_file:
                row.errors.append(
                    str(_("duplicates row %(row)s (same company, title and location)"))
                    % {"row": keys_in_file[key]}
                )
            keys_in_file.setdefault(key, number)
            reference = row.cleaned.get("reference") or ""
            if reference and reference in refs_in_file:
                row.errors.append(
                    str(_("reference repeats row %(row)s")) % {"row": refs_in_file[reference]}
                )
            if reference:
                refs_in_file.setdefault(reference, number)
        else:
            row.errors = _field_errors(form)
        rows.append(row)
    _mark_stored_duplicates(rows)
    return Preview(rows=rows)


def _mark_stored_duplicates(rows: list[PreviewRow]) -> None:
    keys = [row.cleaned["dedupe_key"] for row in rows if row.cleaned]
    refs = [row.cleaned["reference"] for row in rows if row.cleaned and row.cleaned["reference"]]
    stored_keys = set(
        Listing.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    stored_refs = set(
        Listing.objects.filter(source=Source.CURATED, source_id__in=refs).values_list(
            "source_id", flat=True
        )
    )
    for row in rows:
        if not row.cleaned:
            continue
        if row.cleaned["dedupe_key"] in stored_keys:
            row.errors.append(str(_("already listed (same company, title and location)")))
        if row.cleaned["reference"] and row.cleaned["reference"] in stored_refs:
            row.errors.append(str(_("a listing with this reference exists already")))


@transaction.atomic
def curated_listings_import(preview: Preview) -> list[Listing]:
    """Create the valid rows of a preview as curated listings of the tenant in context."""
    tenant_id = require_tenant_id()
    created: list[Listing] = []
    for row in preview.valid:
        data = row.cleaned or {}
        has_salary = data["salary_min"] is not None or data["salary_max"] is not None
        listing = Listing(
            tenant_id=tenant_id,
            source=Source.CURATED,
            source_id=data["reference"] or f"import-{uuid.uuid4().hex}",
            dedupe_key=data["dedupe_key"],
            title=data["title"],
            company=data["company"],
            location=data["location"],
            country=data["country"],
            description=data["description"],
            redirect_url=data["url"],
            category=data["category"],
            contract_type=data["contract_type"],
            contract_time=data["contract_time"],
            workplace_type=data["workplace_type"],
            salary_min=data["salary_min"],
            salary_max=data["salary_max"],
            salary_currency=(
                (data["currency"] or currency_for(data["country"])).upper() if has_salary else ""
            ),
            posted_at=data["posted_at"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
        listing.save()
        created.append(listing)
    return created

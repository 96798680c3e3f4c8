"""The data export (Art. 15 access, Art. 20 portability), generated from the manifest.

The archive holds:
  * `data.json`: every exported field of every row that belongs to the user in this tenant
    (plus the global sign-in identity), grouped by model, versioned (`format`, `version`);
  * `schema.json`: the JSON Schema of `data.json`;
  * `files/`: the user's original files (CVs as uploaded, profile picture);
  * `about-your-data.html` + `.txt`: the Art. 15 facts in plain words (purposes, categories,
    recipients, retention, source, rights, automated decision-making).
Only the export's own tenant is read (the default managers scope by it): another workspace's
data never appears.
"""

from __future__ import annotations

import json
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Tenant
from jobmentis.tenancy.models import TenantOwnedModel
from privacy.manifest import (
    EXPORT_FORMAT_VERSION,
    Export,
    Manifest,
    ModelEntry,
    Retain,
    load_manifest,
)
from privacy.models import DataExport

FORMAT_NAME = "jobmentis.personal-data-export"
PROGRESS_TTL = 60 * 60


def progress_key(export_id: int) -> str:
    # Progress lives in the cache: the build runs in one transaction, so a progress column
    # would only become visible when the build is already over.
    return f"privacy:export-progress:{export_id}"


def export_progress(export: DataExport) -> int:
    if export.status == DataExport.Status.READY:
        return 100
    value = cache.get(progress_key(export.pk))
    return int(value) if value is not None else export.progress


def _exported_fields(entry: ModelEntry) -> dict[str, Any]:
    return {name: spec for name, spec in entry.fields.items() if spec.export != Export.NOT_EXPORTED}


def _file_fields(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.fields if isinstance(f, models.FileField)}


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_name(name: str) -> str:
    cleaned = _UNSAFE.sub("_", posixpath.basename(name)).strip("._")
    return cleaned[:120] or "file"


def _relation_value(field: models.Field[Any, Any], row: models.Model) -> Any:
    return getattr(row, field.attname)


def export_document(
    *,
    user_id: int,
    tenant: Tenant,
    manifest: Manifest | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The export document and the files to include ([(storage name, path in zip)]).
    Must run inside `tenant`'s context."""
    manifest = manifest or load_manifest()
    records: dict[str, Any] = {}
    files: list[tuple[str, str]] = []
    entries = [
        e
        for _label, e in sorted(manifest.entries.items())
        if e.personal and (e.subject is not None or e.lookup is not None)
    ]
    for index, entry in enumerate(entries, start=1):
        exported = _exported_fields(entry)
        if not exported:
            continue
        model = entry.model_class
        file_fields = _file_fields(model) & set(exported)
        rows: list[dict[str, Any]] = []
        for row in entry.subject_queryset(user_id).order_by("pk"):
            data: dict[str, Any] = {}
            for name in exported:
                field = model._meta.get_field(name)
                if field.many_to_many:
                    data[name] = [str(obj) for obj in getattr(row, name).all()]
                elif name in file_fields:
                    stored = getattr(row, name).name
                    if stored:
                        original = getattr(row, "original_filename", "") or stored
                        path = f"files/{entry.model}/{row.pk}-{name}-{_safe_name(original)}"
                        files.append((stored, path))
                        data[name] = path
                    else:
                        data[name] = None
                elif field.is_relation:
                    data[name] = _relation_value(field, row)  # type: ignore[arg-type]
                else:
                    data[name] = getattr(row, name)
            rows.append(data)
        records[entry.model] = {
            "description": entry.purpose,
            "legal_basis": entry.legal_basis,
            "scope": "workspace" if issubclass(model, TenantOwnedModel) else "account",
            "fields": {
                name: {"category": spec.category.value, "source": spec.export.value}
                for name, spec in exported.items()
            },
            "rows": rows,
        }
        if on_progress is not None:
            on_progress(index, len(entries))
    document = {
        "format": FORMAT_NAME,
        "version": EXPORT_FORMAT_VERSION,
        "manifest_version": manifest.version,
        "generated_at": timezone.now().isoformat(),
        "workspace": {"name": tenant.brand_name, "slug": tenant.slug},
        "records": records,
    }
    return document, files


def export_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of data.json."""
    field_spec = {
        "type": "object",
        "required": ["category", "source"],
        "properties": {
            "category": {"type": "string"},
            "source": {"enum": [e.value for e in Export if e != Export.NOT_EXPORTED]},
        },
    }
    record = {
        "type": "object",
        "required": ["description", "fields", "rows"],
        "properties": {
            "description": {"type": "string"},
            "legal_basis": {"type": "string"},
            "scope": {"enum": ["workspace", "account"]},
            "fields": {"type": "object", "additionalProperties": field_spec},
            "rows": {"type": "array", "items": {"type": "object"}},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://jobmentis.example/schemas/personal-data-export/{EXPORT_FORMAT_VERSION}",
        "title": "JobMentis personal data export",
        "type": "object",
        "required": ["format", "version", "generated_at", "records"],
        "properties": {
            "format": {"const": FORMAT_NAME},
            "version": {"const": EXPORT_FORMAT_VERSION},
            "manifest_version": {"type": "string"},
            "generated_at": {"type": "string", "format": "date-time"},
            "workspace": {"type": "object"},
            "records": {"type": "object", "additionalProperties": record},
        },
    }


def art15_facts(*, tenant: Tenant, manifest: Manifest | None = None) -> dict[str, Any]:
    """What Art. 15(1) says the data subject is entitled to know, built from the manifest."""
    manifest = manifest or load_manifest()
    personal = [
        e for _l, e in sorted(manifest.entries.items()) if e.personal and e.subject is not None
    ] + [e for _l, e in sorted(manifest.entries.items()) if e.personal and e.lookup is not None]
    processing = []
    for entry in personal:
        categories = sorted({spec.category.value for spec in entry.fields.values()})
        sources = sorted({spec.export.value for spec in entry.fields.values()})
        processing.append(
            {
                "model": entry.model,
                "purpose": entry.purpose,
                "legal_basis": entry.legal_basis,
                "categories": categories,
                "sources": sources,
                "on_erasure": entry.erasure.describe(),
                "retention": (
                    entry.retention.description
                    if entry.retention
                    else "Until you delete it or your account."
                ),
                "retained_basis": (
                    entry.erasure.legal_basis if isinstance(entry.erasure, Retain) else ""
                ),
            }
        )
    recipients = [
        {
            "name": system.recipient or system.name,
            "purpose": system.purpose,
            "holds": system.holds,
            "retention": system.retention,
        }
        for _n, system in sorted(manifest.external.items())
    ]
    return {"tenant": tenant, "processing": processing, "recipients": recipients}


def export_build(*, export_id: int) -> DataExport:
    """Build the archive for one export (inside its tenant's context) and mark it ready."""
    export = DataExport.objects.select_related("tenant", "user").get(pk=export_id)
    if export.status not in (DataExport.Status.QUEUED, DataExport.Status.BUILDING):
        return export
    export.status = DataExport.Status.BUILDING
    manifest = load_manifest()
    tenant = export.tenant

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(export.pk), min(95, int(90 * done / max(total, 1))), PROGRESS_TTL)

    document, files = export_document(
        user_id=export.user_id, tenant=tenant, manifest=manifest, on_progress=progress
    )
    facts = art15_facts(tenant=tenant, manifest=manifest)
    context = {**facts, "generated_at": timezone.now(), "user": export.user}
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "data.json", json.dumps(document, cls=DjangoJSONEncoder, indent=2, sort_keys=True)
            )
            archive.writestr("schema.json", json.dumps(export_schema(), indent=2))
            archive.writestr(
                "about-your-data.html", render_to_string("privacy/export/facts.html", context)
            )
            archive.writestr(
                "about-your-data.txt", render_to_string("privacy/export/facts.txt", context)
            )
            for stored, path in files:
                if default_storage.exists(stored):
                    with default_storage.open(stored, "rb") as source:
                        archive.writestr(path, source.read())
        buffer.seek(0)
        export.file.save("export.zip", File(buffer), save=False)
        export.size = export.file.size
    now = timezone.now()
    export.status = DataExport.Status.READY
    export.progress = 100
    export.manifest_version = manifest.version
    export.ready_at = now
    export.expires_at = now + timedelta(days=settings.PRIVACY_EXPORT_TTL_DAYS)
    export.save(
        update_fields=[
            "status",
            "progress",
            "file",
            "size",
            "manifest_version",
            "ready_at",
            "expires_at",
        ]
    )
    cache.set(progress_key(export.pk), 100, PROGRESS_TTL)
    return export

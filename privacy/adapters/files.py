"""Erase adapter for the private file storage (local folder or S3, `default_storage`).

The snapshot lists every file a manifest row points at, plus whatever lies under the user's own
storage prefixes (`tenants/<tenant>/<area>/<user>/`), so a file whose row was lost is found too.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import models

from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.models import TenantOwnedModel
from privacy.manifest import ExternalRef, load_manifest

SYSTEM = "file_storage"
# Storage areas laid out as tenants/<tenant>/<area>/<user>/... (accounts, resumes, privacy).
USER_PREFIX_AREAS = ("profiles", "resumes", "exports")


def user_file_names(*, user_id: int, tenant_id: int) -> set[str]:
    """Names of the user's files in one tenant: from manifest rows, then the user's prefixes."""
    names: set[str] = set()
    with tenant_context(tenant_id):
        for entry in load_manifest().entries.values():
            model = entry.model_class
            if not entry.personal or not issubclass(model, TenantOwnedModel):
                continue
            file_fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
            if not file_fields:
                continue
            for row in entry.subject_queryset(user_id).values_list(*file_fields):
                names.update(name for name in row if name)
    for area in USER_PREFIX_AREAS:
        names.update(_walk(f"tenants/{tenant_id}/{area}/{user_id}"))
    return names


def _walk(prefix: str) -> set[str]:
    try:
        directories, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return set()
    found = {f"{prefix}/{name}" for name in files}
    for directory in directories:
        found |= _walk(f"{prefix}/{directory}")
    return found


class FileStorageAdapter:
    def snapshot(self, *, user_id: int, tenant_ids: list[int]) -> list[ExternalRef]:
        return [
            ExternalRef(system=SYSTEM, ref=name, tenant_id=tenant_id)
            for tenant_id in tenant_ids
            for name in sorted(user_file_names(user_id=user_id, tenant_id=tenant_id))
        ]

    def erase(self, ref: ExternalRef) -> int:
        if not default_storage.exists(ref.ref):
            return 0  # already gone: success
        default_storage.delete(ref.ref)
        return 1

    def verify(self, ref: ExternalRef) -> bool:
        return not default_storage.exists(ref.ref)

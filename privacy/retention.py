"""Retention: the manifest's age rules, applied daily (one task per tenant, plus global models),
and the hand-off of erasure requests whose grace period is over."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from jobmentis.tenancy.models import TenantOwnedModel
from privacy.manifest import Anonymise, Manifest, ModelEntry, load_manifest
from privacy.models import ErasureHold, ErasureRequest


@dataclass(frozen=True)
class RetentionResult:
    model: str
    count: int


def _apply(entry: ModelEntry) -> int:
    rule = entry.retention
    assert rule is not None
    model = entry.model_class
    cutoff = timezone.now() - rule.age
    queryset = model._default_manager.filter(
        **{f"{rule.timestamp_field}__lt": cutoff}, **rule.condition
    )
    if rule.action == "anonymise":
        assert isinstance(entry.erasure, Anonymise)
        fk_names = {f.name for f in model._meta.concrete_fields if f.is_relation}
        values = {(f"{k}_id" if k in fk_names else k): v for k, v in entry.erasure.values.items()}
        return queryset.update(**values)
    file_fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
    if file_fields:
        for row in queryset.values_list(*file_fields):
            for name in row:
                if name and default_storage.exists(name):
                    default_storage.delete(name)
    _, per_model = queryset.delete()
    return int(per_model.get(entry.model, 0))


def retention_apply(
    *, tenant_scoped: bool, manifest: Manifest | None = None
) -> list[RetentionResult]:
    """Apply every rule of the current scope: tenant-owned models inside a tenant context
    (`tenant_scoped=True`), global models outside one."""
    manifest = manifest or load_manifest()
    results: list[RetentionResult] = []
    for label, entry in sorted(manifest.entries.items()):
        if entry.retention is None:
            continue
        if issubclass(entry.model_class, TenantOwnedModel) != tenant_scoped:
            continue
        results.append(RetentionResult(model=label, count=_apply(entry)))
    return results


def erasures_due() -> list[int]:
    """Ids of this tenant's requests whose grace period is over and whose hold still stands
    (no hold: the user cancelled). Inside a tenant context."""
    now = timezone.now()
    held_users = ErasureHold.objects.filter(grace_until__lte=now).values("user_id")
    return list(
        ErasureRequest.objects.filter(
            status=ErasureRequest.Status.SCHEDULED, grace_until__lte=now, user_id__in=held_users
        ).values_list("pk", flat=True)
    )

"""The erasure runner (Art. 17): the manifest turned into persisted, resumable steps.

Order: external ids are snapshotted first (a Stripe customer id is gone once its row is), then
external systems, then files, then rows (children before parents, the user row last), then a
verification pass, then a receipt. Every step is idempotent ("already gone" counts as success)
and recorded as done in its own transaction, so a crashed run resumes at the first unfinished
step and never repeats a finished one.

Tenancy: a user is global and may belong to several tenants; their rows in each tenant are
erased inside that tenant's context (RLS), one step per (tenant, model). The runner therefore
runs outside any tenant context and opens one per step; the bookkeeping rows live in the tenant
where the request was made.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from accounts.models import Membership, Tenant
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.models import TenantOwnedModel
from privacy.ledger import ledger_append
from privacy.manifest import (
    Anonymise,
    Delete,
    ExternalRef,
    Manifest,
    ModelEntry,
    Retain,
    load_manifest,
)
from privacy.models import ErasureHold, ErasureReceipt, ErasureRequest, ErasureStep

logger = logging.getLogger(__name__)

FILES_SYSTEM = "file_storage"


class ErasureStepError(RuntimeError):
    """A step failed; it will be retried (transient) up to PRIVACY_STEP_MAX_ATTEMPTS."""


class VerificationFailed(RuntimeError):
    """Personal data is still there after every step ran: needs a human, not a retry."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems)[:290])
        self.problems = problems


class ErasureCancelled(RuntimeError):
    """The user cancelled during the grace period (the login hold is gone)."""


# --- Planning -----------------------------------------------------------------------------------


def user_tenant_ids(user_id: int) -> list[int]:
    """Tenants the user belongs to. Each is checked in its own context: the app role sees only
    one tenant at a time, which is the point of RLS. Must run outside any tenant context."""
    found: list[int] = []
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        with tenant_context(tenant_id):
            if Membership.objects.filter(user_id=user_id).exists():
                found.append(tenant_id)
    return found


def _erasable(entry: ModelEntry) -> bool:
    return entry.personal and not isinstance(entry.erasure, Retain)


def _row_order(entries: list[ModelEntry]) -> list[ModelEntry]:
    """Children before parents: a model is erased before any model it points at. Lookup-based
    entries (no FK path, e.g. sessions found through UserSession) go first, while the rows
    they are found through still exist."""
    by_label = {entry.model: entry for entry in entries}
    ordered: list[ModelEntry] = []
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(label: str) -> None:
        if label in done or label in visiting:
            return
        visiting.add(label)
        model = by_label[label].model_class
        # Everything pointing at `label` must come first.
        for other_label, other in by_label.items():
            if other_label == label:
                continue
            other_model = other.model_class
            if any(
                field.is_relation
                and field.related_model is model
                and (field.many_to_one or field.one_to_one)
                for field in other_model._meta.concrete_fields
            ):
                visit(other_label)
        visiting.discard(label)
        done.add(label)
        ordered.append(by_label[label])

    lookups = sorted((e for e in entries if e.lookup is not None), key=lambda e: e.model)
    for entry in lookups:
        done.add(entry.model)
        ordered.append(entry)
    for label in sorted(by_label):
        visit(label)
    return ordered


def _is_tenant_owned(entry: ModelEntry) -> bool:
    return issubclass(entry.model_class, TenantOwnedModel)


def erasure_plan(*, request: ErasureRequest, manifest: Manifest | None = None) -> None:
    """Snapshot external ids and persist one step per system / (tenant, model) / verification.
    Idempotent: a request that already has steps keeps them. Runs outside any tenant context
    (it looks at every tenant the user belongs to)."""
    manifest = manifest or load_manifest()
    with tenant_context(request.tenant_id):
        if request.steps.exists():
            return
    assert request.subject_id is not None
    user_id = int(request.subject_id)
    tenant_ids = user_tenant_ids(user_id)
    if request.tenant_id not in tenant_ids:
        tenant_ids.append(request.tenant_id)
    snapshot: list[dict[str, Any]] = []
    external = [
        (name, system)
        for name, system in sorted(manifest.external.items())
        if system.stores_personal_data and system.configured() and system.adapter
    ]
    for _name, system in external:
        adapter = system.load_adapter()
        assert adapter is not None
        snapshot.extend(
            asdict(ref) for ref in adapter.snapshot(user_id=user_id, tenant_ids=tenant_ids)
        )
    plan: list[tuple[str, str, int | None]] = [
        (ErasureStep.Kind.EXTERNAL, name, None) for name, _s in external if name != FILES_SYSTEM
    ]
    if any(name == FILES_SYSTEM for name, _s in external):
        plan.append((ErasureStep.Kind.FILES, FILES_SYSTEM, None))
    entries = _row_order([e for e in manifest.entries.values() if _erasable(e)])
    for tenant_id in tenant_ids:
        plan.extend(
            (ErasureStep.Kind.ROWS, e.model, tenant_id) for e in entries if _is_tenant_owned(e)
        )
    plan.extend((ErasureStep.Kind.ROWS, e.model, None) for e in entries if not _is_tenant_owned(e))
    plan.append((ErasureStep.Kind.VERIFY, "verification", None))
    with tenant_context(request.tenant_id):
        ErasureStep.objects.bulk_create(
            [
                ErasureStep(
                    tenant_id=request.tenant_id,  # bulk_create skips save(), which stamps it
                    request=request,
                    position=i,
                    kind=kind,
                    target=target,
                    target_tenant_id=tenant,
                )
                for i, (kind, target, tenant) in enumerate(plan, start=1)
            ]
        )
        request.snapshot = snapshot
        request.tenant_ids = tenant_ids
        request.save(update_fields=["snapshot", "tenant_ids"])


# --- Steps --------------------------------------------------------------------------------------


@contextmanager
def _scope(tenant_id: int | None) -> Iterator[None]:
    """Rows of a tenant are reached in that tenant's context; global rows in a transaction."""
    if tenant_id is None:
        with transaction.atomic():
            yield
    else:
        with tenant_context(tenant_id):
            yield


def _refs(request: ErasureRequest, system: str) -> list[ExternalRef]:
    return [ExternalRef(**item) for item in request.snapshot if item["system"] == system]


def _run_external(request: ErasureRequest, system_name: str, manifest: Manifest) -> int:
    adapter = manifest.external[system_name].load_adapter()
    assert adapter is not None
    return sum(adapter.erase(ref) for ref in _refs(request, system_name))


class UnmanifestedRows(RuntimeError):
    pass


def _delete_user_row(user_id: int) -> int:
    """Delete the user row, refusing if Django would cascade into rows the manifest did not
    handle: those would vanish without appearing in the plan, the receipt or the export."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    queryset = user_model._default_manager.filter(pk=user_id)
    collector = Collector(using=router.db_for_write(user_model))
    collector.collect(queryset)
    residual = sorted(
        {
            model._meta.label
            for model, rows in collector.data.items()
            if rows and model is not user_model
        }
        | {
            qs.model._meta.label
            for qs in collector.fast_deletes
            if not qs.model._meta.auto_created and qs.exists()
        }
    )
    if residual:
        raise UnmanifestedRows(f"rows the manifest did not erase: {', '.join(residual)}")
    deleted, _per_model = queryset.delete()
    return min(deleted, 1)


def _run_rows(request: ErasureRequest, entry: ModelEntry) -> int:
    user_id = int(request.subject_id or 0)
    if entry.subject == "":
        return _delete_user_row(user_id)
    queryset = entry.subject_queryset(user_id)
    if isinstance(entry.erasure, Anonymise):
        values = {
            (f"{name}_id" if name in _fk_names(entry) else name): value
            for name, value in entry.erasure.values.items()
        }
        return queryset.update(**values)
    assert isinstance(entry.erasure, Delete)
    _, per_model = queryset.delete()
    return int(per_model.get(entry.model, 0))


def _fk_names(entry: ModelEntry) -> set[str]:
    return {f.name for f in entry.model_class._meta.concrete_fields if f.is_relation}


def _user_foreign_keys(model: type[models.Model]) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    ]


def verification_problems(
    *, request: ErasureRequest, manifest: Manifest | None = None
) -> list[str]:
    """Re-run the export queries of every erasable model, scan every installed model (declared
    or not) for a column still pointing at the user, and probe every external object."""
    manifest = manifest or load_manifest()
    user_id = int(request.subject_id or 0)
    problems: list[str] = []
    retained = {label for label, e in manifest.entries.items() if isinstance(e.erasure, Retain)}
    scopes: list[int | None] = [*request.tenant_ids, None]
    for scope in scopes:
        with _scope(scope):
            for label, entry in manifest.entries.items():
                if not _erasable(entry) or _is_tenant_owned(entry) != (scope is not None):
                    continue
                count = entry.subject_queryset(user_id).count()
                if count:
                    problems.append(f"{label}: {count} row(s) left")
            for model in apps.get_models():
                tenant_owned = issubclass(model, TenantOwnedModel)
                label = model._meta.label
                if tenant_owned != (scope is not None) or label in retained:
                    continue
                for column in _user_foreign_keys(model):
                    count = model._base_manager.filter(**{column: user_id}).count()
                    if count:
                        what = "row(s)" if label in manifest.entries else "unmanifested row(s)"
                        problems.append(f"{label}.{column}: {count} {what} left")
    for item in request.snapshot:
        ref = ExternalRef(**item)
        adapter = manifest.external[ref.system].load_adapter()
        if adapter is not None and not adapter.verify(ref):
            problems.append(f"{ref.system}: an object is still present")
    return problems


def _run_step(request: ErasureRequest, step: ErasureStep, manifest: Manifest) -> int:
    if step.kind == ErasureStep.Kind.EXTERNAL or step.kind == ErasureStep.Kind.FILES:
        return _run_external(request, step.target, manifest)
    if step.kind == ErasureStep.Kind.ROWS:
        with _scope(step.target_tenant_id):
            return _run_rows(request, manifest.entries[step.target])
    problems = verification_problems(request=request, manifest=manifest)
    if problems:
        raise VerificationFailed(problems)
    return 0


# --- Running ------------------------------------------------------------------------------------


def _request_for_update(request_id: int, tenant_id: int) -> ErasureRequest:
    with tenant_context(tenant_id):
        return ErasureRequest.objects.get(pk=request_id)


def erasure_run(*, request_id: int, tenant_id: int) -> ErasureRequest:
    """Run (or resume) a request until done. Raises ErasureStepError after recording a failed
    step (the caller retries later with backoff) and VerificationFailed when data remains.
    Must be called outside any tenant context (steps open their own)."""
    manifest = load_manifest()
    request = _request_for_update(request_id, tenant_id)
    if request.status in (ErasureRequest.Status.COMPLETED, ErasureRequest.Status.CANCELLED):
        return request
    # The hold is deleted first when a user cancels (from any tenant); its absence means
    # "cancelled", even if the request row has not been updated yet.
    if (
        request.status == ErasureRequest.Status.SCHEDULED
        and not ErasureHold.objects.filter(user_id=int(request.subject_id or 0)).exists()
    ):
        raise ErasureCancelled(f"erasure request {request_id} was cancelled")
    with tenant_context(tenant_id):
        request.status = ErasureRequest.Status.RUNNING
        request.started_at = request.started_at or timezone.now()
        request.attempts += 1
        request.save(update_fields=["status", "started_at", "attempts"])
    erasure_plan(request=request, manifest=manifest)
    with tenant_context(tenant_id):
        steps = list(request.steps.exclude(status=ErasureStep.Status.DONE).order_by("position"))
    for step in steps:
        try:
            count = _run_step(request, step, manifest)
        except VerificationFailed as exc:
            _record_failure(request, step, exc, final=True)
            raise
        except Exception as exc:
            # Any failure of an SDK, the storage or the database is recorded on the step and
            # retried from this step; the error text never contains field values.
            final = step.attempts + 1 >= settings.PRIVACY_STEP_MAX_ATTEMPTS
            _record_failure(request, step, exc, final=final)
            raise ErasureStepError(f"step {step.position} ({step.target}) failed") from exc
        with tenant_context(tenant_id):
            step.status = ErasureStep.Status.DONE
            step.attempts += 1
            step.count = count
            step.error = ""
            step.finished_at = timezone.now()
            step.save(update_fields=["status", "attempts", "count", "error", "finished_at"])
    return erasure_complete(request=request, manifest=manifest)


def _record_failure(
    request: ErasureRequest, step: ErasureStep, exc: BaseException, *, final: bool
) -> None:
    logger.warning(
        "erasure step failed",
        extra={"request": request.pk, "step": step.position, "error": type(exc).__name__},
    )
    with tenant_context(request.tenant_id):
        step.status = ErasureStep.Status.FAILED
        step.attempts += 1
        step.error = f"{type(exc).__name__}: {exc}"[:300]
        step.save(update_fields=["status", "attempts", "error"])
        request.last_error = step.error
        fields = ["last_error"]
        if final:
            request.status = ErasureRequest.Status.FAILED
            fields.append("status")
        request.save(update_fields=fields)


def _retained(manifest: Manifest) -> list[dict[str, str]]:
    kept: list[dict[str, str]] = []
    for label, entry in sorted(manifest.entries.items()):
        if isinstance(entry.erasure, Retain):
            kept.append(
                {
                    "model": label,
                    "treatment": "retained",
                    "legal_basis": entry.erasure.legal_basis,
                    "until": entry.erasure.until,
                }
            )
        elif isinstance(entry.erasure, Anonymise) and entry.personal:
            kept.append(
                {
                    "model": label,
                    "treatment": f"anonymised ({entry.erasure.strategy})",
                    "legal_basis": entry.legal_basis,
                    "until": entry.retention.description if entry.retention else "",
                }
            )
    return kept


def erasure_complete(*, request: ErasureRequest, manifest: Manifest) -> ErasureRequest:
    """Write the receipt (no personal data) and the ledger entry, then forget the subject id
    and the external-id snapshot."""
    now = timezone.now()
    with tenant_context(request.tenant_id):
        steps = list(request.steps.order_by("position"))
        counts = [
            {
                "position": s.position,
                "kind": s.kind,
                "target": s.target,
                "tenant": s.target_tenant_id,
                "count": s.count,
                "finished_at": s.finished_at.isoformat() if s.finished_at else None,
            }
            for s in steps
        ]
        verified_at = next((s.finished_at for s in steps if s.kind == ErasureStep.Kind.VERIFY), now)
        receipt, _created = ErasureReceipt.objects.get_or_create(
            request=request,
            defaults={
                "subject_hash": request.subject_hash,
                "manifest_version": manifest.version,
                "counts": counts,
                "retained": _retained(manifest),
                "requested_at": request.requested_at,
                "completed_at": now,
                "verified_at": verified_at or now,
            },
        )
        request.status = ErasureRequest.Status.COMPLETED
        request.completed_at = receipt.completed_at
        request.subject_id = None
        request.snapshot = []
        request.last_error = ""
        request.save(
            update_fields=["status", "completed_at", "subject_id", "snapshot", "last_error"]
        )
        entry = receipt_document(receipt)
    # After the commit: the ledger lives outside the database. (Were the process to die in
    # between, a replay would only erase an already-erased subject again: harmless.)
    ledger_append(entry)
    return request


def receipt_document(receipt: ErasureReceipt) -> dict[str, Any]:
    return {
        "receipt_id": str(receipt.receipt_id),
        "tenant": receipt.tenant_id,
        "subject_hash": receipt.subject_hash,
        "manifest_version": receipt.manifest_version,
        "requested_at": receipt.requested_at.isoformat(),
        "completed_at": receipt.completed_at.isoformat(),
        "verified_at": receipt.verified_at.isoformat(),
        "steps": receipt.counts,
        "retained": receipt.retained,
    }

"""Erasure (Art. 17): the immediate closure, the resumable runner, verification, the receipt."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core import mail

from accounts.models import User
from jobmentis.ai.models import AIUsageEvent
from jobmentis.tenancy.context import tenant_context
from privacy import erasure as runner
from privacy.adapters.files import FileStorageAdapter
from privacy.erasure import ErasureCancelled, ErasureStepError, VerificationFailed, erasure_run
from privacy.manifest import Manifest, load_manifest
from privacy.models import ErasureHold, ErasureReceipt, ErasureRequest, ErasureStep
from privacy.services import erasure_cancel, erasure_request, erasure_suspend
from privacy.subject import subject_hash
from resumes.models import Resume
from tests.privacy.conftest import Seeded, rows_of, stored_files

pytestmark = pytest.mark.django_db


def _request(seeded: Seeded, capture: Any) -> ErasureRequest:
    with capture(execute=False):
        return erasure_request(user=seeded.user, tenant=seeded.tenant)


def test_request_closes_the_account_at_once_and_deletes_the_files(
    seeded: Seeded, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = seeded.user
    assert len(stored_files(media)) == 5  # 3 CVs + 2 pictures
    with django_capture_on_commit_callbacks(execute=True):
        request = erasure_request(user=user, tenant=seeded.tenant)
    assert ErasureHold.objects.filter(user=user).exists()
    assert not UserSession.objects.filter(user=user).exists()
    assert Session.objects.count() == 0
    assert mail.outbox[-1].to == [user.email]
    assert "will be deleted" in mail.outbox[-1].subject
    erasure_suspend(request_id=request.pk, tenant_id=seeded.tenant.pk)
    assert stored_files(media) == []
    with tenant_context(seeded.other_tenant.pk):
        assert Resume.objects.filter(user=user).exclude(file="").count() == 0
        assert Resume.objects.filter(user=user).count() == 1  # the rows wait for the grace period
    assert request.status == ErasureRequest.Status.SCHEDULED


def test_full_erasure_empties_every_tenant_and_writes_a_clean_receipt(
    seeded: Seeded, media: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = seeded.user
    values = [
        user.email,
        "Ada Lovelace",
        "ada-lovelace-0.pdf",
        "Ada CV 0",
        "Sentinel",
        "Rita Recruiter",
    ]
    request = _request(seeded, django_capture_on_commit_callbacks)
    erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk)

    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    for tenant in (seeded.tenant, seeded.other_tenant):
        assert rows_of(user.pk, tenant) == dict.fromkeys(
            ["membership", "profile", "resume", "score", "ai", "audit", "application", "contact"],
            0,
        )
    # Usage logs are kept, unlinked (cost totals stay right).
    with tenant_context(seeded.tenant.pk):
        assert AIUsageEvent.objects.filter(user__isnull=True).count() == 1
    assert stored_files(media) == []

    with tenant_context(seeded.tenant.pk):
        request.refresh_from_db()
        receipt = ErasureReceipt.objects.get(request=request)
        assert request.status == ErasureRequest.Status.COMPLETED
        assert request.subject_id is None and request.snapshot == []
        steps = list(request.steps.all())
    assert all(step.status == ErasureStep.Status.DONE for step in steps)
    assert steps[-1].kind == ErasureStep.Kind.VERIFY
    assert receipt.subject_hash == subject_hash(user.pk)
    assert receipt.manifest_version == load_manifest().version
    counts = {(c["target"], c["tenant"]): c["count"] for c in receipt.counts}
    assert counts[("resumes.Resume", seeded.tenant.pk)] == 2
    assert counts[("resumes.Resume", seeded.other_tenant.pk)] == 1
    assert counts[("file_storage", None)] == 5  # 3 CVs, 2 pictures (suspend task not run here)
    assert any(r["model"] == "ai.AIUsageEvent" for r in receipt.retained)

    ledger = list((settings.PRIVACY_LEDGER_DIR).glob("*.json"))
    assert len(ledger) == 1
    blob = (
        json.dumps({"receipt": [receipt.counts, receipt.retained, receipt.subject_hash]})
        + ledger[0].read_text()
    )
    for value in values:
        assert value.lower() not in blob.lower()
    assert json.loads(ledger[0].read_text())["receipt_id"] == str(receipt.receipt_id)


def test_a_failed_step_resumes_and_every_step_and_external_call_runs_once(
    seeded: Seeded, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = _request(seeded, django_capture_on_commit_callbacks)  # files still there
    real_step = runner._run_step
    real_erase = FileStorageAdapter.erase
    work: Counter[tuple[int, str]] = Counter()
    erased: Counter[str] = Counter()
    state = {"fail_at": "resumes.Resume", "failed": False}

    def flaky_step(req: ErasureRequest, step: ErasureStep, manifest: Manifest) -> int:
        if step.target == state["fail_at"] and not state["failed"]:
            state["failed"] = True
            raise ConnectionError("worker killed")
        work[(step.position, step.target)] += 1
        return real_step(req, step, manifest)

    def counting_erase(self: FileStorageAdapter, ref: Any) -> int:
        result = real_erase(self, ref)
        erased[ref.ref] += result
        return result

    monkeypatch.setattr(runner, "_run_step", flaky_step)
    monkeypatch.setattr(FileStorageAdapter, "erase", counting_erase)

    with pytest.raises(ErasureStepError):
        erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk)
    with tenant_context(seeded.tenant.pk):
        failed = request.steps.get(status=ErasureStep.Status.FAILED)
        done_before = set(
            request.steps.filter(status=ErasureStep.Status.DONE).values_list("position", flat=True)
        )
    assert failed.target == "resumes.Resume" and failed.attempts == 1
    assert done_before == set(range(1, failed.position))

    erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk)

    with tenant_context(seeded.tenant.pk):
        steps = list(request.steps.all())
        request.refresh_from_db()
    assert request.status == ErasureRequest.Status.COMPLETED
    assert {(s.position, s.target) for s in steps} == set(work)
    assert set(work.values()) == {1}
    assert len(erased) == 5 and set(erased.values()) == {1}


def test_a_planted_unmanifested_row_makes_verification_fail(
    seeded: Seeded, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    full = load_manifest()
    entries = {k: v for k, v in full.entries.items() if k != "ai.AIUsageEvent"}
    partial = Manifest(entries=entries, external=full.external, hooks=full.hooks, sources={})
    monkeypatch.setattr(runner, "load_manifest", lambda: partial)
    request = _request(seeded, django_capture_on_commit_callbacks)

    with pytest.raises(VerificationFailed) as caught:
        erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk)

    assert any(
        "ai.AIUsageEvent.user_id" in p and "unmanifested" in p for p in caught.value.problems
    )
    with tenant_context(seeded.tenant.pk):
        request.refresh_from_db()
        assert request.status == ErasureRequest.Status.FAILED
        assert not ErasureReceipt.objects.filter(request=request).exists()
        assert request.steps.get(kind=ErasureStep.Kind.VERIFY).status == ErasureStep.Status.FAILED
        # (In production the user row's deletion would not even commit: the foreign key is
        # checked at commit. Unlink the planted row so this test's teardown check passes.)
        AIUsageEvent.objects.filter(user_id=seeded.user.pk).update(user=None)
    with tenant_context(seeded.other_tenant.pk):
        AIUsageEvent.objects.filter(user_id=seeded.user.pk).update(user=None)


def test_cancelling_in_the_grace_period_stops_the_erasure(
    seeded: Seeded, django_capture_on_commit_callbacks: Any
) -> None:
    request = _request(seeded, django_capture_on_commit_callbacks)
    with tenant_context(seeded.tenant.pk):
        erasure_cancel(user=seeded.user)
        request.refresh_from_db()
    assert request.status == ErasureRequest.Status.CANCELLED
    assert not ErasureHold.objects.filter(user=seeded.user).exists()
    assert erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk).status == (
        ErasureRequest.Status.CANCELLED
    )
    assert User.objects.filter(pk=seeded.user.pk).exists()


def test_a_hold_removed_from_another_tenant_stops_the_runner_before_the_row_catches_up(
    seeded: Seeded, django_capture_on_commit_callbacks: Any
) -> None:
    request = _request(seeded, django_capture_on_commit_callbacks)
    ErasureHold.objects.filter(user=seeded.user).delete()  # cancel seen from tenant B
    with pytest.raises(ErasureCancelled):
        erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk)
    assert User.objects.filter(pk=seeded.user.pk).exists()

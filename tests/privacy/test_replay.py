"""privacy_replay: a restored backup brings an erased user back; the ledger erases them again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import Membership, Profile, User
from jobmentis.tenancy.context import tenant_context
from privacy.erasure import erasure_run
from privacy.models import ErasureReceipt
from privacy.services import erasure_request
from tests.privacy.conftest import Seeded

pytestmark = pytest.mark.django_db


def test_replay_erases_again_a_user_brought_back_by_a_restore(
    seeded: Seeded, django_capture_on_commit_callbacks: Any
) -> None:
    user = seeded.user
    user_id, email, password = user.pk, user.email, user.password
    with django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=user, tenant=seeded.tenant)
    erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk)
    assert not User.objects.filter(pk=user_id).exists()

    # "Restore": the backup's rows come back, the ledger (outside the DB) does not move.
    restored = User.objects.create(pk=user_id, email=email, password=password)
    with tenant_context(seeded.tenant.pk):
        Membership.objects.create(user=restored)
        Profile.objects.create(user=restored, full_name="Ada Seeker")
    bystander = User.objects.create_user("bystander@acme.test", "another-password-1")

    out = io.StringIO()
    call_command("privacy_replay", "--since", "2000-01-01", stdout=out)

    assert "restored subjects found: 1; erased again: 1" in out.getvalue()
    assert not User.objects.filter(pk=user_id).exists()
    assert User.objects.filter(pk=bystander.pk).exists()
    with tenant_context(seeded.tenant.pk):
        assert not Profile.objects.filter(user_id=user_id).exists()
        assert ErasureReceipt.objects.count() == 2


def test_replay_ignores_receipts_older_than_since(
    seeded: Seeded, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        request = erasure_request(user=seeded.user, tenant=seeded.tenant)
    erasure_run(request_id=request.pk, tenant_id=seeded.tenant.pk)
    out = io.StringIO()
    call_command("privacy_replay", "--since", "2999-01-01T00:00", stdout=out)
    assert "Ledger entries since 2999-01-01T00:00:00+00:00: 0" in out.getvalue()

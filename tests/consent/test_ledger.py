"""The consent ledger is append-only in the database itself, with erasure's one exception."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent.models import ConsentRecord, Purpose, Source
from privacy.consent.selectors import consent_state
from privacy.consent.services import consent_record

pytestmark = pytest.mark.django_db


def _current_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return str(cursor.fetchone()[0])


def _record(tenant: Tenant, user: User, *, granted: bool = True) -> ConsentRecord:
    return consent_record(
        tenant=tenant, purpose=Purpose.ANALYTICS, granted=granted, source=Source.BANNER, user=user
    )


def test_the_app_role_cannot_update_a_consent_record(tenant_a: Tenant, seeker_a: User) -> None:
    record = _record(tenant_a, seeker_a)
    assert "owner" not in _current_role()
    with (
        tenant_context(tenant_a.pk),
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
    ):
        ConsentRecord.objects.filter(pk=record.pk).update(granted=False)
    with tenant_context(tenant_a.pk):
        assert ConsentRecord.objects.get(pk=record.pk).granted is True


def test_the_app_role_cannot_delete_a_consent_record(tenant_a: Tenant, seeker_a: User) -> None:
    record = _record(tenant_a, seeker_a)
    with (
        tenant_context(tenant_a.pk),
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
    ):
        ConsentRecord.objects.filter(pk=record.pk).delete()
    with tenant_context(tenant_a.pk):
        assert ConsentRecord.objects.filter(pk=record.pk).exists()


def test_raw_sql_cannot_move_a_record_to_another_user_either(
    tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    record = _record(tenant_a, seeker_a)
    with (
        tenant_context(tenant_a.pk),
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE consent_consentrecord SET user_id = %s WHERE id = %s",
            [admin_a.pk, record.pk],
        )


def test_erasure_may_detach_the_subject_and_then_delete_the_row(
    tenant_a: Tenant, seeker_a: User
) -> None:
    record = consent_record(
        tenant=tenant_a,
        purpose=Purpose.MARKETING,
        granted=True,
        source=Source.BANNER,
        user=seeker_a,
        device_id=uuid.uuid4(),
    )
    with tenant_context(tenant_a.pk):
        # Detaching one column at a time is allowed too (SET NULL when the user row goes).
        assert ConsentRecord.objects.filter(pk=record.pk).update(user=None) == 1
        assert ConsentRecord.objects.filter(pk=record.pk).update(device_id=None) == 1
        kept = ConsentRecord.objects.get(pk=record.pk)
        assert (kept.purpose, kept.granted) == (Purpose.MARKETING, True)
        assert ConsentRecord.objects.filter(pk=record.pk).delete()[0] == 1


def test_deleting_the_user_detaches_their_records(tenant_a: Tenant, seeker_a: User) -> None:
    record = _record(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        seeker_a.delete()
        assert ConsentRecord.objects.get(pk=record.pk).user_id is None


def test_the_latest_record_wins(tenant_a: Tenant, seeker_a: User) -> None:
    _record(tenant_a, seeker_a, granted=True)
    _record(tenant_a, seeker_a, granted=False)
    assert consent_state(tenant=tenant_a, user=seeker_a) == {"analytics": False}
    _record(tenant_a, seeker_a, granted=True)
    assert consent_state(tenant=tenant_a, user=seeker_a) == {"analytics": True}


def test_another_tenants_records_never_count(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User
) -> None:
    _record(tenant_a, seeker_a, granted=True)
    assert consent_state(tenant=tenant_b, user=seeker_a) == {}


def test_a_record_cannot_be_moved_to_another_policy_version_of_its_tenant(
    tenant_a: Tenant, seeker_a: User
) -> None:
    from privacy.consent.services import policy_version_create

    record = _record(tenant_a, seeker_a)
    other = policy_version_create(
        tenant=tenant_a, kind="cookies", version="9", title="Cookies", body="v9"
    )
    assert record.policy_version_id != other.pk
    with (
        tenant_context(tenant_a.pk),
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
    ):
        ConsentRecord.objects.filter(pk=record.pk).update(policy_version=other)

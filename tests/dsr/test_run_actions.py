"""Support staff run what a request asks for (export, erasure) from the queue: the same
services the person uses themselves, for the linked account, in the request's tenant."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import AuditLog, Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.models import DataExport, ErasureHold, ErasureRequest
from privacy.requests.models import DataSubjectRequest, RequestNote
from privacy.requests.services import request_create_public

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])

Make = Callable[..., DataSubjectRequest]


def _reload(dsr: DataSubjectRequest) -> DataSubjectRequest:
    with tenant_context(dsr.tenant_id):
        return DataSubjectRequest.objects.get(pk=dsr.pk)


def _notes(dsr: DataSubjectRequest) -> list[str]:
    with tenant_context(dsr.tenant_id):
        return list(RequestNote.objects.filter(request=dsr).values_list("body", flat=True))


def test_access_request_runs_the_export_for_the_linked_account(
    support_client: Client, support_user: User, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="access")
    page = support_client.get(f"/support/gdpr/{dsr.pk}/")
    assert b'value="export"' in page.content and b'value="erasure"' not in page.content

    response = support_client.post(
        f"/support/gdpr/{dsr.pk}/run/", {"action": "export"}, follow=True
    )
    assert b"Data export #" in response.content

    with tenant_context(tenant_a.pk):
        [export] = DataExport.objects.filter(user=seeker_a)
    assert export.source == f"dsr:{dsr.reference}"
    assert export.status == DataExport.Status.QUEUED
    assert _reload(dsr).status == DataSubjectRequest.Status.IN_PROGRESS
    assert any(f"#{export.pk}" in note for note in _notes(dsr))
    with tenant_context(tenant_a.pk):
        assert AuditLog.objects.filter(
            object_id=str(dsr.pk),
            actor=support_user,
            actor_role="support",
            changed_fields__contains=["action:export"],
        ).exists()
    # The detail page shows where the export stands, and the history names the action.
    page = support_client.get(f"/support/gdpr/{dsr.pk}/")
    assert f"#{export.pk}".encode() in page.content
    assert b"Build the data export" in page.content


def test_erasure_request_closes_the_account_and_schedules_the_erasure(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="erasure")
    support_client.post(f"/support/gdpr/{dsr.pk}/run/", {"action": "erasure"})

    with tenant_context(tenant_a.pk):
        [erasure] = ErasureRequest.objects.filter(subject_id=seeker_a.pk)
        assert ErasureHold.objects.filter(user=seeker_a).exists()
    assert erasure.status == ErasureRequest.Status.SCHEDULED
    assert erasure.source == f"dsr:{dsr.reference}"
    page = support_client.get(f"/support/gdpr/{dsr.pk}/")
    assert erasure.get_status_display().encode() in page.content


def test_an_action_that_does_not_fit_the_request_is_refused(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="access")
    response = support_client.post(
        f"/support/gdpr/{dsr.pk}/run/", {"action": "erasure"}, follow=True
    )
    assert b"does not answer this kind of request" in response.content
    with tenant_context(tenant_a.pk):
        assert not ErasureRequest.objects.exists()
    assert _reload(dsr).status == DataSubjectRequest.Status.VERIFIED
    response = support_client.post(
        f"/support/gdpr/{dsr.pk}/run/", {"action": "nonsense"}, follow=True
    )
    assert response.status_code == 200
    with tenant_context(tenant_a.pk):
        assert not DataExport.objects.exists()


def test_unverified_public_request_cannot_be_run(support_client: Client, tenant_a: Tenant) -> None:
    with tenant_context(tenant_a.pk):
        dsr = request_create_public(kind="access", full_name="Pat", email="pat@example.test")
    page = support_client.get(f"/support/gdpr/{dsr.pk}/")
    assert b"/run/" not in page.content
    response = support_client.post(
        f"/support/gdpr/{dsr.pk}/run/", {"action": "export"}, follow=True
    )
    assert b"No member account is linked" in response.content
    with tenant_context(tenant_a.pk):
        assert not DataExport.objects.exists()


def test_rectification_offers_no_automated_action(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="rectification")
    page = support_client.get(f"/support/gdpr/{dsr.pk}/")
    assert b"/run/" not in page.content


def test_members_cannot_run_actions(
    make_request: Make, tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    from tests.dsr.conftest import PLATFORM_HOST

    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="access")
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(admin_a)
    response = client.post(f"/support/gdpr/{dsr.pk}/run/", {"action": "export"})
    assert response.status_code in (302, 403, 404)
    with tenant_context(tenant_a.pk):
        assert not DataExport.objects.exists()


def test_restriction_request_restricts_ai_processing(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    from privacy.consent.interfaces import ai_processing_restricted

    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="restriction")
    assert not ai_processing_restricted(user=seeker_a, tenant=tenant_a)
    response = support_client.post(
        f"/support/gdpr/{dsr.pk}/run/", {"action": "restrict_ai"}, follow=True
    )
    assert b"AI processing of the person" in response.content
    assert ai_processing_restricted(user=seeker_a, tenant=tenant_a)
    assert _reload(dsr).status == DataSubjectRequest.Status.IN_PROGRESS


def test_objection_request_withdraws_analytics_and_marketing(
    support_client: Client, make_request: Make, tenant_a: Tenant, seeker_a: User
) -> None:
    from privacy.consent.interfaces import has_consent
    from privacy.consent.services import consent_choices_save

    consent_choices_save(
        tenant=tenant_a, choices={"analytics": True, "marketing": True}, source="banner",
        user=seeker_a,
    )  # fmt: skip
    assert has_consent(tenant=tenant_a, user=seeker_a, purpose="analytics")
    dsr = make_request(tenant=tenant_a, user=seeker_a, kind="objection")
    support_client.post(f"/support/gdpr/{dsr.pk}/run/", {"action": "object_tracking"})
    assert not has_consent(tenant=tenant_a, user=seeker_a, purpose="analytics")
    assert not has_consent(tenant=tenant_a, user=seeker_a, purpose="marketing")
    assert any("withdrawn" in note for note in _notes(dsr))

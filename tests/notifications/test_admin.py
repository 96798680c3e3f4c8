"""Tenant admin: marketing settings and campaigns, the tenant's own outbox only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from accounts.models import Tenant, User
from jobmentis.email.models import OutboxMessage
from jobmentis.tenancy.context import tenant_context
from notifications.models import MarketingCampaign, MarketingSubscription
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _row(tenant: Tenant, subject: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        workspace=tenant,
        subject=subject,
        recipients=["x@example.com"],
        status=OutboxMessage.Status.FAILED,
        payload={},
    )


def test_tenant_admin_sees_only_its_own_outbox(
    admin_a: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    mine = _row(tenant_a, "Acme reset")
    theirs = _row(tenant_b, "Globex reset")
    client = client_for(tenant_a, admin_a)
    listing = client.get("/admin/email/outboxmessage/").content.decode()
    assert "Acme reset" in listing and "Globex reset" not in listing
    assert client.get(f"/admin/email/outboxmessage/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/email/outboxmessage/{theirs.pk}/change/").status_code in (302, 404)


def test_tenant_admin_sends_a_campaign(
    admin_a: User,
    seeker_a: User,
    tenant_a: Tenant,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.utils import timezone

    with tenant_context(tenant_a.pk):
        MarketingSubscription.objects.create(
            user=seeker_a,
            status=MarketingSubscription.Status.ACTIVE,
            policy_version="v",
            confirmed_at=timezone.now(),
        )
    client = client_for(tenant_a, admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notifications/marketingcampaign/add/",
            {"subject": "Spring tips", "body": "Hello"},
        )
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["Spring tips"]
    with tenant_context(tenant_a.pk):
        campaign = MarketingCampaign.objects.get()
    assert campaign.created_by == admin_a and campaign.recipients_count == 1


def test_marketing_settings_form(admin_a: User, tenant_a: Tenant) -> None:
    client = client_for(tenant_a, admin_a)
    response = client.post("/admin/notifications/marketingsettings/add/", {"brevo_list_id": "12"})
    assert response.status_code == 302
    assert client.get("/admin/notifications/marketingsettings/").status_code == 200


def test_tenant_admin_retries_a_failed_email_of_its_own_only(
    admin_a: User,
    tenant_a: Tenant,
    tenant_b: Tenant,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mine = _row(tenant_a, "Acme reset")
    theirs = _row(tenant_b, "Globex reset")
    client = client_for(tenant_a, admin_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            "/admin/email/outboxmessage/",
            {"action": "retry_selected", "_selected_action": [mine.pk, theirs.pk]},
        )
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == OutboxMessage.Status.QUEUED and mine.attempts == 0
    assert theirs.status == OutboxMessage.Status.FAILED
    assert len(queued) == 1

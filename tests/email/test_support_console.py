"""Support console: the outbox (failed messages visible, retry), template previews in EN/IT/FR
for a chosen tenant, and sending a marketing email. Staff only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.email.models import OutboxMessage
from jobmentis.tenancy.context import tenant_context
from notifications.models import MarketingCampaign, MarketingSubscription
from tests.conftest import TEST_PASSWORD
from tests.email.conftest import eager_celery, fake_email_providers, outbox_settings

__all__ = ["eager_celery", "fake_email_providers", "outbox_settings"]

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])


@pytest.fixture
def support(db: None) -> Client:
    user = User.objects.create_user(email="support@jm.test", password=TEST_PASSWORD)
    User.objects.filter(pk=user.pk).update(is_support=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(pk=user.pk))
    return client


def _failed(tenant: Tenant) -> OutboxMessage:
    return OutboxMessage.objects.create(
        workspace=tenant,
        subject="Password reset",
        recipients=["ada@example.com"],
        status=OutboxMessage.Status.FAILED,
        attempts=6,
        last_error="AnymailRequestsAPIError: Brevo API response 500",
        payload={
            "subject": "Password reset",
            "body": "Body",
            "from_email": "a@jm.test",
            "to": ["ada@example.com"],
            "cc": [],
            "bcc": [],
            "reply_to": [],
            "headers": {},
            "alternatives": [],
            "attachments": [],
        },
    )


def test_failed_email_is_listed_and_retried(
    support: Client, tenant_a: Tenant, outbox_settings: Any, eager_celery: None
) -> None:
    row = _failed(tenant_a)
    page = support.get("/support/email/?status=failed").content.decode()
    assert "Password reset" in page and "Brevo API response 500" in page
    response = support.post(f"/support/email/{row.pk}/retry/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.SENT


def test_non_staff_cannot_see_the_outbox(seeker_a: User) -> None:
    client = Client(HTTP_HOST="localhost")
    client.force_login(seeker_a)
    assert client.get("/support/email/").status_code == 403
    assert Client(HTTP_HOST="localhost").get("/support/email/").status_code == 302


@pytest.mark.parametrize("language", ["en", "it", "fr"])
def test_every_template_previews_in_each_language(
    support: Client, tenant_a: Tenant, language: str
) -> None:
    page = support.get(f"/support/email/templates/?tenant={tenant_a.pk}&lang={language}")
    assert page.status_code == 200
    from jobmentis.email.previews import email_previews

    for preview in email_previews(tenant=tenant_a):
        html = support.get(
            f"/support/email/templates/{preview.key}/?tenant={tenant_a.pk}&lang={language}"
        )
        assert html.status_code == 200, preview.key
        body = html.content.decode()
        assert f'lang="{language}"' in body and "Acme Careers" in body
        assert "frame-ancestors 'self'" in html["Content-Security-Policy"]
        text = support.get(
            f"/support/email/templates/{preview.key}/?tenant={tenant_a.pk}&lang={language}"
            "&format=text"
        )
        assert text.status_code == 200 and "<html" not in text.content.decode()


def test_staff_send_a_marketing_email_to_a_tenant(
    support: Client, seeker_a: User, tenant_a: Tenant, eager_celery: None
) -> None:
    from django.utils import timezone

    other = user_create_in_tenant(tenant=tenant_a, email="no@acme.test", password=TEST_PASSWORD)
    with tenant_context(tenant_a.pk):
        MarketingSubscription.objects.create(
            user=seeker_a,
            status=MarketingSubscription.Status.ACTIVE,
            policy_version="v",
            confirmed_at=timezone.now(),
        )
        MarketingSubscription.objects.create(
            user=other, status=MarketingSubscription.Status.WITHDRAWN, policy_version="v"
        )
    response = support.post(
        "/support/email/marketing/",
        {"tenant": tenant_a.pk, "subject": "News", "body": "Hello subscribers"},
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["seeker@acme.test"]]
    with tenant_context(tenant_a.pk):
        assert MarketingCampaign.objects.get().recipients_count == 1


def test_staff_lift_a_suppression_by_address(support: Client) -> None:
    from jobmentis.email.models import Suppression
    from jobmentis.email.suppression import suppression_add

    suppression_add(address="ada@example.com", tenant_id=None, reason="bounced")
    page = support.get("/support/email/").content.decode()
    assert "Suppressed addresses" in page and "ada@example.com" not in page
    response = support.post("/support/email/suppression/lift/", {"email": "ADA@example.com"})
    assert response.status_code == 302
    assert not Suppression.objects.exists()

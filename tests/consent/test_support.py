"""Support staff see a user's consent history across tenants; every view is audited."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import AuditLog, Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent.models import Source
from privacy.consent.services import consent_choices_save, policies_accept
from tests.conftest import TEST_PASSWORD, client_for

# The maintenance connection is a separate session: it only sees committed rows.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])

PLATFORM_HOST = settings.PLATFORM_HOSTS[0]


@pytest.fixture
def support_client(db: None) -> Client:
    agent = User.objects.create_user(
        email="agent@support.test", password=TEST_PASSWORD, is_support=True
    )
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(agent)
    return client


def test_staff_see_the_consent_history_and_the_view_is_audited(
    support_client: Client, tenant_a: Tenant, seeker_a: User
) -> None:
    policies_accept(tenant=tenant_a, user=seeker_a)
    consent_choices_save(
        tenant=tenant_a, choices={"analytics": True}, source=Source.BANNER, user=seeker_a
    )
    response = support_client.get(f"/support/gdpr/users/{seeker_a.pk}/consent/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Analytics", "Marketing", "Privacy policy", "Terms of service", "Cookie banner"):
        assert text in html
    assert "Acme Careers" in html
    with tenant_context(tenant_a.pk):
        entry = AuditLog.objects.get(object_type="consent.consentrecord")
    assert entry.action == AuditLog.Action.VIEW
    assert entry.object_id == str(seeker_a.pk)


def test_members_and_anonymous_visitors_cannot_open_it(tenant_a: Tenant, seeker_a: User) -> None:
    member = Client(HTTP_HOST=PLATFORM_HOST)
    member.force_login(seeker_a)
    assert member.get(f"/support/gdpr/users/{seeker_a.pk}/consent/").status_code == 403
    anonymous = Client(HTTP_HOST=PLATFORM_HOST)
    assert anonymous.get(f"/support/gdpr/users/{seeker_a.pk}/consent/").status_code == 302
    # Not served on tenant hosts at all.
    assert (
        client_for(tenant_a, seeker_a)
        .get(f"/support/gdpr/users/{seeker_a.pk}/consent/")
        .status_code
        == 404
    )


def test_unknown_user_is_404(support_client: Client) -> None:
    assert support_client.get("/support/gdpr/users/999999/consent/").status_code == 404

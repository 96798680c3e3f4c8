"""Tenant admins manage policies, processors and tracking switches; secrets are write-only."""

from __future__ import annotations

import pytest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent.models import PolicyVersion, Processor, TrackingSettings
from privacy.consent.services import policy_content_hash
from tests.conftest import client_for
from tests.consent.conftest import tracking_enable

pytestmark = pytest.mark.django_db


def test_tracking_settings_are_off_by_default(tenant_a: Tenant) -> None:
    with tenant_context(tenant_a.pk):
        assert not TrackingSettings.objects.exists()
    assert TrackingSettings().posthog_enabled is False
    assert TrackingSettings().meta_enabled is False


def test_the_meta_token_is_never_echoed_by_the_admin(tenant_a: Tenant, admin_a: User) -> None:
    row = tracking_enable(tenant_a, meta=True, meta_access_token="EAAsupersecret")
    client = client_for(tenant_a, admin_a)
    listing = client.get("/admin/consent/trackingsettings/")
    assert listing.status_code == 200
    assert "EAAsupersecret" not in listing.content.decode()
    change = client.get(f"/admin/consent/trackingsettings/{row.pk}/change/")
    assert change.status_code == 200
    assert "EAAsupersecret" not in change.content.decode()
    # Saving without retyping the token keeps it.
    response = client.post(
        f"/admin/consent/trackingsettings/{row.pk}/change/",
        {
            "posthog_enabled": "",
            "posthog_api_key": "phc_test_key",
            "posthog_host": "https://eu.i.posthog.com",
            "posthog_project_id": "",
            "posthog_personal_api_key": "",
            "meta_enabled": "on",
            "meta_pixel_id": "123456789",
            "meta_access_token": "",
            "meta_test_event_code": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(tenant_a.pk):
        row.refresh_from_db()
    assert row.meta_access_token == "EAAsupersecret"
    assert row.posthog_enabled is False


def test_admin_adds_a_policy_version_with_its_hash_and_edits_processors(
    tenant_a: Tenant, admin_a: User
) -> None:
    client = client_for(tenant_a, admin_a)
    response = client.post(
        "/admin/consent/policyversion/add/",
        {
            "kind": "privacy",
            "version": "2.0",
            "title": "Privacy policy",
            "body": "## New\nText",
            "effective_at_0": "2026-01-01",
            "effective_at_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(tenant_a.pk):
        version = PolicyVersion.objects.get(version="2.0")
    assert version.content_hash == policy_content_hash("## New\nText")
    assert client.get("/admin/consent/processor/").status_code == 200
    with tenant_context(tenant_a.pk):
        assert Processor.objects.count() == 3


def test_members_cannot_open_the_tracking_admin(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).get("/admin/consent/trackingsettings/")
    assert response.status_code in (302, 403)

"""Sign-up requires accepting the terms and privacy policy, and records the exact versions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent.models import ConsentRecord, PolicyVersion, Purpose, Source
from privacy.consent.selectors import policy_current
from privacy.consent.services import policy_version_create
from tests.conftest import TEST_PASSWORD, host_of
from tests.consent.conftest import tracking_enable

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Nora New",
    "email": "nora@example.test",
    "password1": TEST_PASSWORD,
    "password2": TEST_PASSWORD,
}


def test_signup_form_links_the_terms_and_the_privacy_policy(tenant_a: Tenant) -> None:
    html = Client(HTTP_HOST=host_of(tenant_a)).get("/accounts/signup/").content.decode()
    assert 'name="accept_policies"' in html
    assert 'href="/terms/"' in html
    assert 'href="/privacy/"' in html


def test_signup_without_accepting_the_policies_is_refused(tenant_a: Tenant) -> None:
    response = Client(HTTP_HOST=host_of(tenant_a)).post("/accounts/signup/", FORM)
    assert response.status_code == 200
    assert "Please accept the terms and the privacy policy." in response.content.decode()
    assert not User.objects.filter(email="nora@example.test").exists()


def test_signup_records_acceptance_of_the_versions_in_force(tenant_a: Tenant) -> None:
    newer = policy_version_create(
        tenant=tenant_a, kind="terms", version="2.0", title="Terms", body="Newer terms"
    )
    response = Client(HTTP_HOST=host_of(tenant_a)).post(
        "/accounts/signup/", {**FORM, "accept_policies": "on"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="nora@example.test")
    with tenant_context(tenant_a.pk):
        records = {
            r.purpose: r for r in ConsentRecord.objects.filter(user=user, source=Source.SIGNUP)
        }
    assert set(records) == {Purpose.PRIVACY_POLICY, Purpose.TERMS}
    assert all(r.granted for r in records.values())
    assert records[Purpose.TERMS].policy_version_id == newer.pk
    privacy = policy_current(tenant=tenant_a, kind=PolicyVersion.Kind.PRIVACY)
    assert privacy is not None
    assert records[Purpose.PRIVACY_POLICY].policy_version_id == privacy.pk


def test_signup_sends_complete_registration_when_the_visitor_accepted_marketing(
    tenant_a: Tenant,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, posthog=False, meta=True)
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.post("/consent/", {"choice": "accept"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {**FORM, "accept_policies": "on"})
    events = [kw["event"] for _name, kw in queued]
    assert events == ["CompleteRegistration"]
    assert queued[0][1]["user_id"] == User.objects.get(email="nora@example.test").pk


def test_tenants_created_before_consent_get_defaults_from_the_command(tenant_a: Tenant) -> None:
    from django.core.management import call_command

    with tenant_context(tenant_a.pk):
        PolicyVersion.objects.all().delete()
    assert policy_current(tenant=tenant_a, kind="privacy") is None
    call_command("consent_policy_defaults")
    assert policy_current(tenant=tenant_a, kind="privacy") is not None

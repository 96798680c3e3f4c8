"""Policy pages, the cookie banner (anonymous and signed in, with and without htmx), the
re-ask on a new cookie policy, and the settings withdrawal."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import Tenant, User
from privacy.consent.models import PolicyVersion
from privacy.consent.selectors import consent_state, policy_current
from privacy.consent.services import policy_content_hash, policy_version_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BANNER = b"data-consent-banner"


def _device(client: Client) -> str:
    return client.cookies[settings.CONSENT_DEVICE_COOKIE].value


def test_every_new_tenant_has_its_three_policies_and_processors(tenant_a: Tenant) -> None:
    for kind in PolicyVersion.Kind.values:
        policy = policy_current(tenant=tenant_a, kind=kind)
        assert policy is not None
        assert policy.content_hash == policy_content_hash(policy.body)
        assert len(policy.content_hash) == 64


@pytest.mark.parametrize("path", ["/privacy/", "/terms/", "/cookies/"])
def test_policy_pages_render_for_anonymous_visitors(tenant_a: Tenant, path: str) -> None:
    response = client_for(tenant_a).get(path)
    assert response.status_code == 200
    assert b"Version 1.0" in response.content


def test_privacy_page_shows_the_processors_table(tenant_a: Tenant) -> None:
    html = client_for(tenant_a).get("/privacy/").content.decode()
    assert "Processors and recipients" in html
    assert "Stripe" in html


def test_policy_page_shows_the_latest_effective_version_of_this_tenant_only(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    policy_version_create(
        tenant=tenant_b,
        kind="privacy",
        version="globex-2",
        title="Globex privacy",
        body="Globex secret wording",
    )
    policy_version_create(
        tenant=tenant_a,
        kind="privacy",
        version="future",
        title="Future",
        body="Not yet",
        effective_at=timezone.now() + timedelta(days=3),
    )
    html = client_for(tenant_a).get("/privacy/").content.decode()
    assert "Globex" not in html
    assert "Not yet" not in html
    assert "Version 1.0" in html


def test_policy_markdown_cannot_inject_script(tenant_a: Tenant) -> None:
    policy_version_create(
        tenant=tenant_a,
        kind="terms",
        version="2",
        title="Terms",
        body="## Hello\n<script>alert(1)</script> **bold** [link](https://example.com)",
    )
    html = client_for(tenant_a).get("/terms/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="noopener">link</a>' in html


def test_anonymous_visitor_sees_the_banner_with_three_equal_choices(tenant_a: Tenant) -> None:
    html = client_for(tenant_a).get("/accounts/login/").content.decode()
    assert "data-consent-banner" in html
    assert 'value="accept"' in html
    assert 'value="reject"' in html
    assert "Choose" in html
    assert 'name="analytics"' in html and 'name="marketing"' in html


def test_reject_without_js_records_refusals_sets_device_cookie_and_redirects_back(
    tenant_a: Tenant,
) -> None:
    client = client_for(tenant_a)
    response = client.post("/consent/", {"choice": "reject", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    morsel = response.cookies[settings.CONSENT_DEVICE_COOKIE]
    assert morsel["httponly"]
    assert not morsel["domain"]  # host-only
    assert int(morsel["max-age"]) >= 390 * 24 * 3600

    device = uuid.UUID(_device(client))
    assert consent_state(tenant=tenant_a, device_id=device) == {
        "analytics": False,
        "marketing": False,
    }
    assert BANNER not in client.get("/accounts/login/").content


def test_accept_all_with_htmx_removes_the_banner_and_reloads(tenant_a: Tenant) -> None:
    client = client_for(tenant_a)
    response = client.post("/consent/", {"choice": "accept"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content == b""
    assert response["HX-Refresh"] == "true"

    assert consent_state(tenant=tenant_a, device_id=uuid.UUID(_device(client))) == {
        "analytics": True,
        "marketing": True,
    }


def test_choose_records_each_purpose(tenant_a: Tenant) -> None:
    client = client_for(tenant_a)
    client.post("/consent/", {"choice": "save", "analytics": "on"})

    assert consent_state(tenant=tenant_a, device_id=uuid.UUID(_device(client))) == {
        "analytics": True,
        "marketing": False,
    }


def test_open_redirects_are_refused(tenant_a: Tenant) -> None:
    response = client_for(tenant_a).post(
        "/consent/", {"choice": "reject", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_signed_in_user_answers_are_recorded_with_the_user(
    tenant_a: Tenant, seeker_a: User
) -> None:
    client = client_for(tenant_a, seeker_a)
    assert BANNER in client.get("/dashboard/").content
    client.post("/consent/", {"choice": "accept"})
    assert consent_state(tenant=tenant_a, user=seeker_a)["analytics"] is True
    assert BANNER not in client.get("/dashboard/").content
    # Another browser of the same user: already answered.
    assert BANNER not in client_for(tenant_a, seeker_a).get("/dashboard/").content


def test_a_new_cookie_policy_version_asks_again(tenant_a: Tenant) -> None:
    client = client_for(tenant_a)
    client.post("/consent/", {"choice": "accept"})
    assert BANNER not in client.get("/accounts/login/").content
    policy_version_create(
        tenant=tenant_a, kind="cookies", version="2.0", title="Cookie policy", body="New text"
    )
    html = client.get("/accounts/login/").content.decode()
    assert "data-consent-banner" in html
    assert "Our cookie policy changed" in html
    client.post("/consent/", {"choice": "reject"})
    assert BANNER not in client.get("/accounts/login/").content


def test_settings_withdrawal_is_recorded(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    client.post("/consent/", {"choice": "accept"})
    page = client.get("/settings/privacy/").content.decode()
    assert "Cookies and tracking" in page
    assert "Restrict AI processing" in page
    response = client.post("/settings/privacy/consent/", {"choice": "reject"})
    assert response.status_code == 302
    assert consent_state(tenant=tenant_a, user=seeker_a) == {
        "analytics": False,
        "marketing": False,
    }


def test_settings_consent_requires_login(tenant_a: Tenant) -> None:
    response = client_for(tenant_a).post("/settings/privacy/consent/", {"choice": "accept"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_footer_links_to_cookie_settings(tenant_a: Tenant) -> None:
    html = client_for(tenant_a).get("/accounts/login/").content.decode()
    assert 'href="/cookies/#cookie-settings"' in html
    assert "Cookie settings" in html


def test_the_cookie_page_shows_its_settings_form_instead_of_the_banner(tenant_a: Tenant) -> None:
    html = client_for(tenant_a).get("/cookies/").content.decode()
    assert 'id="cookie-settings"' in html
    assert "data-consent-banner" not in html


def test_the_banner_answer_is_rate_limited(tenant_a: Tenant, settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "consent_save": "2/m/ip"}
    client = client_for(tenant_a)
    statuses = [client.post("/consent/", {"choice": "reject"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_withdrawal_expires_the_trackers_cookies(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    client.cookies["ph_phc_test_key_posthog"] = "{}"
    client.cookies["_fbp"] = "fb.1.1.1"
    client.cookies["sessionid_keep"] = "x"
    response = client.post("/settings/privacy/consent/", {"choice": "save", "marketing": "on"})
    assert response.cookies["ph_phc_test_key_posthog"]["max-age"] == 0
    assert "_fbp" not in response.cookies
    assert "sessionid_keep" not in response.cookies


def test_banner_and_settings_form_do_not_share_element_ids(
    tenant_a: Tenant, seeker_a: User
) -> None:
    html = client_for(tenant_a, seeker_a).get("/settings/privacy/").content.decode()
    assert "data-consent-banner" in html  # not answered yet: both forms on the page
    assert html.count('id="id_analytics"') == 1
    assert 'id="consent-banner-analytics"' in html


def test_banner_and_trackers_cost_one_query_per_page(tenant_a: Tenant, seeker_a: User) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(tenant_a, seeker_a)
    client.post("/consent/", {"choice": "reject"})
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    consent = [q["sql"] for q in queries if "consent_" in q["sql"]]
    assert len(consent) == 1, consent

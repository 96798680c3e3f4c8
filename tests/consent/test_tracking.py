"""Trackers load and send only with the tenant's switch on AND consent; the real PostHog SDK and
our Conversions API adapter talk to a fake server; withdrawal stops queued sends."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest
from django.conf import settings

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.consent import tasks
from privacy.consent.meta_adapter import (
    hashed_user_data,
    normalise_email,
    normalise_name,
    normalise_phone,
)
from privacy.consent.models import AnalyticsIdentity, Source
from privacy.consent.posthog_adapter import PostHogErasureAdapter
from privacy.consent.services import consent_choices_save
from privacy.consent.tracking import track_event
from tests.conftest import client_for
from tests.consent.conftest import tracking_enable
from tests.fakes.tracking import FakeTracking

pytestmark = pytest.mark.django_db


def _grant(tenant: Tenant, user: User, **choices: bool) -> None:
    consent_choices_save(tenant=tenant, choices=choices, source=Source.BANNER, user=user)


def _run(name: str, kwargs: dict[str, Any]) -> str:
    task = tasks.meta_event_send if name == "consent.meta_event_send" else tasks.posthog_event_send
    return str(task.apply(kwargs=kwargs).get())


# --- the browser scripts --------------------------------------------------------------------


def test_posthog_script_absent_without_the_tenant_toggle(tenant_a: Tenant, seeker_a: User) -> None:
    _grant(tenant_a, seeker_a, analytics=True)
    html = client_for(tenant_a, seeker_a).get("/dashboard/").content.decode()
    assert "data-posthog" not in html
    assert "posthog" not in html.lower()


def test_posthog_script_absent_without_consent(tenant_a: Tenant, seeker_a: User) -> None:
    tracking_enable(tenant_a)
    _grant(tenant_a, seeker_a, analytics=False, marketing=True)
    html = client_for(tenant_a, seeker_a).get("/dashboard/").content.decode()
    assert "data-posthog" not in html


def test_posthog_script_present_with_consent_and_toggle_and_csp_allows_only_its_host(
    tenant_a: Tenant, seeker_a: User
) -> None:
    tracking_enable(tenant_a, posthog_host="https://eu.i.posthog.com")
    _grant(tenant_a, seeker_a, analytics=True)
    response = client_for(tenant_a, seeker_a).get("/dashboard/")
    html = response.content.decode()
    assert "data-posthog" in html
    assert 'data-host="https://eu.i.posthog.com"' in html
    identity = _identity(tenant_a, seeker_a)
    assert f'data-distinct-id="{identity}"' in html
    assert seeker_a.email not in html.split("data-posthog", 1)[1].split("</script>", 1)[0]
    csp = response["Content-Security-Policy"]
    assert "https://eu.i.posthog.com" in csp
    assert "https://eu-assets.i.posthog.com" in csp
    assert "facebook" not in csp
    # A page without the script keeps the strict policy.
    other = client_for(tenant_a).get("/accounts/login/")
    assert "posthog" not in other["Content-Security-Policy"]


def test_meta_pixel_only_with_marketing_consent_and_carries_the_event_id(
    tenant_a: Tenant,
    seeker_a: User,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, posthog=False, meta=True)
    _grant(tenant_a, seeker_a, analytics=True, marketing=False)
    assert (
        "data-meta-pixel" not in client_for(tenant_a, seeker_a).get("/dashboard/").content.decode()
    )
    _grant(tenant_a, seeker_a, marketing=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(tenant_a, seeker_a).get("/dashboard/")
    html = response.content.decode()
    assert "data-meta-pixel" in html
    assert 'nonce="' in html.split("data-meta-pixel", 1)[0].rsplit("<script", 1)[1]
    assert "https://connect.facebook.net" in response["Content-Security-Policy"]
    event_id = html.split('data-event-id="', 1)[1].split('"', 1)[0]
    # The server's PageView copy carries the same id (Meta deduplicates).
    pageviews = [kw for name, kw in queued if kw.get("event") == "PageView"]
    assert [kw["event_id"] for kw in pageviews] == [event_id]


def _identity(tenant: Tenant, user: User) -> str:
    with tenant_context(tenant.pk):
        return str(AnalyticsIdentity.objects.get(user=user).distinct_id)


# --- Meta hashing ----------------------------------------------------------------------------


def test_meta_identifiers_are_normalised_then_sha256_hashed() -> None:
    assert normalise_email("  Jane.Doe@Example.COM ") == "jane.doe@example.com"
    assert normalise_name("O'Brien-Smith ") == "obriensmith"
    assert normalise_phone("+39 (02) 1234-5678") == "390212345678"
    data = hashed_user_data(
        email="  Jane.Doe@Example.COM ",
        first_name="Jane",
        last_name="Doe",
        phone="+1 (650) 555-1212",
        client_ip_address="203.0.113.7",
        client_user_agent="Mozilla/5.0",
    )
    assert data["em"] == [hashlib.sha256(b"jane.doe@example.com").hexdigest()]
    assert data["fn"] == [hashlib.sha256(b"jane").hexdigest()]
    assert data["ln"] == [hashlib.sha256(b"doe").hexdigest()]
    assert data["ph"] == [hashlib.sha256(b"16505551212").hexdigest()]
    # Meta requires these two unhashed.
    assert data["client_ip_address"] == "203.0.113.7"
    assert data["client_user_agent"] == "Mozilla/5.0"


def test_meta_known_hash_values() -> None:
    data = hashed_user_data(email="jane.doe@example.com", first_name="Jane")
    # sha256("jane.doe@example.com") and sha256("jane"), computed independently.
    assert data["em"] == ["86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"]
    assert data["fn"] == ["81f8f6dde88365f3928796ec7aa53f72820b06db8664f5fe76a7eb13e24546a2"]


# --- server events -----------------------------------------------------------------------------


def test_purchase_is_sent_to_meta_with_hashed_user_data(
    tenant_a: Tenant,
    seeker_a: User,
    fake_tracking: FakeTracking,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, posthog=False, meta=True)
    _grant(tenant_a, seeker_a, marketing=True)
    with django_capture_on_commit_callbacks(execute=True):
        event_id = track_event(
            request=None,
            user=seeker_a,
            tenant=tenant_a,
            event="Purchase",
            properties={"value": 9.0, "currency": "EUR"},
        )
    assert event_id
    [(name, kwargs)] = queued
    assert _run(name, kwargs) == "sent"
    [post] = fake_tracking.meta_posts()
    assert post["path"] == f"/{settings.META_GRAPH_VERSION}/123456789/events"
    [event] = post["body"]["data"]
    assert event["event_name"] == "Purchase"
    assert event["event_id"] == event_id
    assert event["custom_data"] == {"value": 9.0, "currency": "EUR"}
    assert event["user_data"]["em"] == [hashlib.sha256(b"seeker@acme.test").hexdigest()]
    assert event["user_data"]["fn"] == [hashlib.sha256(b"ada").hexdigest()]
    assert "seeker@acme.test" not in str(post["body"])


def test_nothing_is_queued_without_consent(
    tenant_a: Tenant,
    seeker_a: User,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, meta=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert track_event(request=None, user=seeker_a, tenant=tenant_a, event="Purchase") is None
    assert queued == []


def test_a_withdrawal_stops_sends_queued_before_it(
    tenant_a: Tenant,
    seeker_a: User,
    fake_tracking: FakeTracking,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, posthog_host=fake_tracking.base_url, meta=True)
    _grant(tenant_a, seeker_a, analytics=True, marketing=True)
    with django_capture_on_commit_callbacks(execute=True):
        track_event(
            request=None,
            user=seeker_a,
            tenant=tenant_a,
            event="Purchase",
            properties={"value": 9.0, "currency": "EUR"},
        )
    assert {name for name, _ in queued} == {"consent.meta_event_send", "consent.posthog_event_send"}
    # The user withdraws in Settings before the worker picks the tasks up.
    client_for(tenant_a, seeker_a).post("/settings/privacy/consent/", {"choice": "reject"})
    assert [_run(name, kwargs) for name, kwargs in queued] == ["dropped", "dropped"]
    # ...and nothing new is queued from now on.
    with django_capture_on_commit_callbacks(execute=True):
        assert track_event(request=None, user=seeker_a, tenant=tenant_a, event="Lead") is None
    assert len(queued) == 2
    assert fake_tracking.requests == []


def test_the_tenant_switching_meta_off_stops_queued_sends(
    tenant_a: Tenant,
    seeker_a: User,
    fake_tracking: FakeTracking,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, posthog=False, meta=True)
    _grant(tenant_a, seeker_a, marketing=True)
    with django_capture_on_commit_callbacks(execute=True):
        track_event(request=None, user=seeker_a, tenant=tenant_a, event="Lead")
    tracking_enable(tenant_a, posthog=False, meta=False)
    assert [_run(name, kwargs) for name, kwargs in queued] == ["dropped"]
    assert fake_tracking.requests == []


def test_posthog_server_event_uses_the_real_sdk_and_an_opaque_id(
    tenant_a: Tenant,
    seeker_a: User,
    fake_tracking: FakeTracking,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, posthog_host=fake_tracking.base_url)
    _grant(tenant_a, seeker_a, analytics=True)
    with django_capture_on_commit_callbacks(execute=True):
        track_event(
            request=None,
            user=seeker_a,
            tenant=tenant_a,
            event="Purchase",
            properties={"value": 9.0, "currency": "EUR"},
        )
    [(name, kwargs)] = queued
    assert _run(name, kwargs) == "sent"
    [event] = fake_tracking.posthog_events()
    assert event["event"] == "purchase"
    assert event["distinct_id"] == _identity(tenant_a, seeker_a)
    uuid.UUID(event["distinct_id"])
    assert "seeker@acme.test" not in str(fake_tracking.requests)


def test_lead_from_the_contact_form_for_a_consenting_visitor(
    tenant_a: Tenant,
    queued: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    tracking_enable(tenant_a, posthog=False, meta=True)
    client = client_for(tenant_a)
    client.post("/consent/", {"choice": "accept"})
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contact/",
            {
                "full_name": "Jane Doe",
                "email": "Jane.Doe@Example.com",
                "subject": "Question",
                "message": "Hello there, a question about plans.",
            },
        )
    assert response.status_code == 302
    leads = [kw for _name, kw in queued if kw["event"] == "Lead"]
    assert len(leads) == 1
    assert leads[0]["identity"]["em"] == [hashlib.sha256(b"jane.doe@example.com").hexdigest()]
    assert "Jane.Doe@Example.com" not in str(leads[0])


# --- PostHog erasure --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, databases=["default", "maintenance"])
def test_posthog_person_is_deleted_and_verified_on_erasure(
    tenant_a: Tenant, seeker_a: User, fake_tracking: FakeTracking
) -> None:
    tracking_enable(
        tenant_a,
        posthog_host=fake_tracking.base_url,
        posthog_project_id="42",
        posthog_personal_api_key="phx_personal",
    )
    from privacy.consent.services import analytics_identity_ensure

    distinct = str(analytics_identity_ensure(tenant=tenant_a, user=seeker_a).distinct_id)
    fake_tracking.person_add(distinct)
    adapter = PostHogErasureAdapter()
    [ref] = adapter.snapshot(user_id=seeker_a.pk, tenant_ids=[tenant_a.pk])
    assert ref.ref == distinct
    assert adapter.verify(ref) is False
    assert adapter.erase(ref) == 1
    assert adapter.verify(ref) is True
    assert adapter.erase(ref) == 0  # already gone: success
    deletes = [r for r in fake_tracking.requests if r["method"] == "DELETE"]
    assert deletes[0]["path"].startswith("/api/projects/42/persons/")
    assert deletes[0]["query"] == {"delete_events": ["true"]}


def test_meta_outage_is_retryable_and_a_bad_token_is_not(fake_tracking: FakeTracking) -> None:
    from privacy.consent.meta_adapter import MetaSendError, meta_events_send

    fake_tracking.fail_next = 1
    with pytest.raises(MetaSendError) as outage:
        meta_events_send(pixel_id="1", access_token="t", events=[])
    assert outage.value.retryable is True
    assert meta_events_send(pixel_id="1", access_token="t", events=[])["events_received"] == 0

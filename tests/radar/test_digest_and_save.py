"""The digest e-mail (threshold, frequency, never twice for a listing) and one-click save to the
tracker (a wishlist application with the description; a second click adds nothing)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.models import Application
from jobs.radar.models import Listing, ListingScore, RadarSettings
from jobs.radar.services import (
    digest_send,
    due_digest_user_ids,
    radar_settings_update,
    saved_search_create,
    saved_search_refresh_request,
)
from resumes.models import Resume
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(tenant_a: Tenant, seeker_a: User, curated_a: list[Listing], cv_a: Resume) -> None:
    with tenant_context(tenant_a.pk):
        search = saved_search_create(user=seeker_a, data={"name": "All", "location": "London"})
        saved_search_refresh_request(search=search)


def test_digest_sends_high_matches_once(
    tenant_a: Tenant, seeker_a: User, scored: None, django_capture_on_commit_callbacks: Any
) -> None:
    with tenant_context(tenant_a.pk):
        threshold = 40
        high = ListingScore.objects.filter(user=seeker_a, score__gte=threshold).count()
        assert 0 < high < ListingScore.objects.filter(user=seeker_a).count()
        radar_settings_update(user=seeker_a, digest="daily", threshold=threshold)
        assert due_digest_user_ids() == [seeker_a.pk]
    # The e-mail leaves only once the transaction that marked the listings has committed.
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a.pk):
        assert digest_send(user_id=seeker_a.pk) == high
        assert mail.outbox == []
    (message,) = mail.outbox
    assert message.to == ["seeker@acme.test"]
    html = message.alternatives[0][0]  # type: ignore[index]
    assert "Senior Python Developer" in message.body and "Senior Python Developer" in html
    assert "http://acme." in message.body and "/jobs/radar/listings/" in message.body
    with tenant_context(tenant_a.pk):
        # Not due again today; and when due, the same listings are not sent twice.
        assert due_digest_user_ids() == []
        RadarSettings.objects.update(last_digest_at=timezone.now() - timedelta(days=2))
        assert digest_send(user_id=seeker_a.pk) == 0
    assert len(mail.outbox) == 1


def test_digest_off_sends_nothing(tenant_a: Tenant, seeker_a: User, scored: None) -> None:
    with tenant_context(tenant_a.pk):
        radar_settings_update(user=seeker_a, digest="off", threshold=0)
        assert due_digest_user_ids() == []
        assert digest_send(user_id=seeker_a.pk) == 0
    assert mail.outbox == []


def test_closed_account_gets_no_digest(tenant_a: Tenant, seeker_a: User, scored: None) -> None:
    from privacy.models import ErasureHold

    with tenant_context(tenant_a.pk):
        radar_settings_update(user=seeker_a, digest="daily", threshold=0)
        assert due_digest_user_ids() == [seeker_a.pk]
    ErasureHold.objects.create(
        user=seeker_a,
        request_tenant=tenant_a,
        request_id_value=1,
        grace_until=timezone.now() + timedelta(days=30),
    )
    with tenant_context(tenant_a.pk):
        assert due_digest_user_ids() == []
        assert digest_send(user_id=seeker_a.pk) == 0  # listed before the account closed
    assert mail.outbox == []


def test_weekly_digest_waits_a_week(tenant_a: Tenant, seeker_a: User, scored: None) -> None:
    with tenant_context(tenant_a.pk):
        radar_settings_update(user=seeker_a, digest="weekly", threshold=0)
        RadarSettings.objects.update(last_digest_at=timezone.now() - timedelta(days=3))
        assert due_digest_user_ids() == []
        RadarSettings.objects.update(last_digest_at=timezone.now() - timedelta(days=7))
        assert due_digest_user_ids() == [seeker_a.pk]


def test_save_to_board_creates_one_wishlist_application(
    tenant_a: Tenant, seeker_a: User, scored: None
) -> None:
    with tenant_context(tenant_a.pk):
        listing = Listing.objects.get(title="Senior Python Developer")
    client = client_for(tenant_a, seeker_a)
    url = f"/jobs/radar/listings/{listing.pk}/save/"
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "On your board" in response.content.decode()
    client.post(url)  # a second click (or a double submit) adds nothing
    with tenant_context(tenant_a.pk):
        (application,) = Application.objects.filter(user=seeker_a)
        score = ListingScore.objects.get(user=seeker_a, listing=listing)
    assert application.status == "wishlist"
    assert (application.company, application.title) == (listing.company, listing.title)
    assert application.description == listing.description
    assert application.url == listing.redirect_url
    assert application.workplace_type == "hybrid"
    assert (application.salary_min, application.salary_currency) == (70000, "GBP")
    assert score.application_id == application.pk and score.saved_at is not None
    assert "On your board" in client.get(f"/jobs/radar/listings/{listing.pk}/").content.decode()


def test_digest_feeds_the_notification_centre_and_follows_its_preference(
    tenant_a: Tenant, seeker_a: User, scored: None, django_capture_on_commit_callbacks: Any
) -> None:
    from notifications.models import Notification
    from notifications.services import notification_preference_set

    with tenant_context(tenant_a.pk):
        radar_settings_update(user=seeker_a, digest="daily", threshold=0)
        notification_preference_set(user=seeker_a, kind="radar_digest", channel="in_app")
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a.pk):
        count = digest_send(user_id=seeker_a.pk)
    assert count > 0
    assert mail.outbox == []  # "in the app only": no digest email
    with tenant_context(tenant_a.pk):
        [row] = Notification.objects.filter(user=seeker_a, kind="radar_digest")
    assert row.title.startswith(f"{count} new job match") and row.url == "/jobs/radar/"

"""In-app notifications: notification_send respects per-type preferences; the centre lists,
counts and marks read; another user's (or tenant's) notification is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from notifications.models import Channel, Kind, Notification
from notifications.services import notification_preference_set, notification_send
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _send(user: User, tenant: Tenant, **kwargs: Any) -> Notification | None:
    return notification_send(
        user=user,
        tenant=tenant,
        kind=kwargs.pop("kind", Kind.EXPORT_READY),
        title=kwargs.pop("title", "Your export is ready"),
        body="Download it within 7 days.",
        url="/privacy/",
        **kwargs,
    )


def test_default_preference_creates_in_app_row_and_email(
    seeker_a: User, tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    row = _send(seeker_a, tenant_a, email_template="notifications/email/notification")
    assert row is not None
    [message] = mail.outbox
    assert message.subject == "Your export is ready"
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Acme Careers" in html and "#2f5bea" in html
    assert "http://acme." in message.body  # the link is absolute, on the tenant's host


def test_preference_off_sends_nothing(seeker_a: User, tenant_a: Tenant) -> None:
    with tenant_context(tenant_a.pk):
        notification_preference_set(user=seeker_a, kind=Kind.EXPORT_READY, channel=Channel.OFF)
    assert _send(seeker_a, tenant_a, email_template="notifications/email/notification") is None
    assert mail.outbox == []
    with tenant_context(tenant_a.pk):
        assert not Notification.objects.exists()


def test_email_only_preference_makes_no_in_app_row(seeker_a: User, tenant_a: Tenant) -> None:
    with tenant_context(tenant_a.pk):
        notification_preference_set(user=seeker_a, kind=Kind.EXPORT_READY, channel=Channel.EMAIL)
    assert _send(seeker_a, tenant_a, email_template="notifications/email/notification") is None
    assert len(mail.outbox) == 1


def test_email_is_in_the_recipients_language(seeker_a: User, tenant_a: Tenant) -> None:
    from accounts.models import Profile

    with tenant_context(tenant_a.pk):
        Profile.objects.filter(user=seeker_a).update(language="fr")
    _send(seeker_a, tenant_a, email_template="notifications/email/newsletter_confirm")
    html = mail.outbox[0].alternatives[0][0]  # type: ignore[attr-defined]
    assert '<html lang="fr">' in html


def test_centre_counts_lists_and_marks_read(seeker_a: User, tenant_a: Tenant) -> None:
    first = _send(seeker_a, tenant_a, title="First")
    _send(seeker_a, tenant_a, title="Second")
    client = client_for(tenant_a, seeker_a)
    page = client.get("/dashboard/")
    assert "data-unread-count>2<" in page.content.decode()
    panel = client.get("/notifications/", HTTP_HX_REQUEST="true").content.decode()
    assert "First" in panel and "Second" in panel and "<html" not in panel
    assert first is not None
    response = client.post(f"/notifications/{first.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    with tenant_context(tenant_a.pk):
        assert Notification.objects.filter(read_at__isnull=True).count() == 1
    # From the bell's panel (htmx): the badge outside the panel is removed out of band.
    cleared = client.post("/notifications/read-all/", HTTP_HX_REQUEST="true").content.decode()
    assert '<span id="notifbell-count" hx-swap-oob="delete"></span>' in cleared
    with tenant_context(tenant_a.pk):
        assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "data-unread-count" not in client.get("/dashboard/").content.decode()


def test_other_users_notification_is_404(
    seeker_a: User, admin_a: User, tenant_a: Tenant, seeker_b: User, tenant_b: Tenant
) -> None:
    mine = _send(admin_a, tenant_a)
    theirs = _send(seeker_b, tenant_b)
    assert mine is not None and theirs is not None
    client = client_for(tenant_a, seeker_a)
    assert client.post(f"/notifications/{mine.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert client.get("/notifications/").status_code == 200


def test_centre_requires_login(tenant_a: Tenant) -> None:
    response = client_for(tenant_a).get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_preferences_saved_from_settings(seeker_a: User, tenant_a: Tenant) -> None:
    client = client_for(tenant_a, seeker_a)
    page = client.get("/settings/notifications/")
    assert page.status_code == 200
    assert "Email & notifications" in page.content.decode()
    data = {kind.value: Channel.ALL for kind in Kind if kind != Kind.ACCOUNT}
    data["radar_digest"] = Channel.OFF
    response = client.post("/settings/notifications/", {"form": "preferences", **data})
    assert response.status_code == 302
    _send(seeker_a, tenant_a, kind=Kind.RADAR_DIGEST)
    with tenant_context(tenant_a.pk):
        assert not Notification.objects.filter(kind=Kind.RADAR_DIGEST).exists()


def test_export_ready_email_also_lands_in_the_centre(seeker_a: User, tenant_a: Tenant) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from privacy.emails import export_ready_send
    from privacy.models import DataExport

    with tenant_context(tenant_a.pk):
        export = DataExport.objects.create(
            user=seeker_a, expires_at=timezone.now() + timedelta(days=7)
        )
    export_ready_send(export=export)
    with tenant_context(tenant_a.pk):
        [row] = Notification.objects.all()
    assert row.kind == Kind.EXPORT_READY
    assert len(mail.outbox) == 1

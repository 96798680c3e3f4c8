"""Reminders: raised once (the database refuses a duplicate), per the user's settings, on the
user's calendar day, emailed in the user's language — and fanned out one task per tenant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail

from accounts.models import Profile, Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs import tasks
from jobs.models import Reminder, ReminderSettings
from jobs.reminders import reminder_send_email, reminders_raise
from jobs.services import interview_create
from tests.conftest import client_for
from tests.jobs.conftest import make_application

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 10, 20, 0, tzinfo=UTC)  # 22:00 in Rome, 13:00 in Los Angeles


def _raise(tenant: Tenant, now: datetime = NOW) -> list[Reminder]:
    with tenant_context(tenant.pk):
        return reminders_raise(now=now)


def test_deadline_follow_up_and_interview_reminders_are_raised_once(
    tenant_a: Tenant, seeker_a: User
) -> None:
    make_application(tenant_a, seeker_a, company="Soon", deadline=date(2031, 5, 11))
    make_application(tenant_a, seeker_a, company="Far", deadline=date(2031, 5, 30))
    make_application(
        tenant_a, seeker_a, company="Chase", status="applied", follow_up_on=date(2031, 5, 10)
    )
    app = make_application(tenant_a, seeker_a, company="Talk", status="interviewing")
    with tenant_context(tenant_a.pk):
        interview_create(
            application=app, user=seeker_a, data={"starts_at": datetime(2031, 5, 11, 9, tzinfo=UTC)}
        )
    created = _raise(tenant_a)
    with tenant_context(tenant_a.pk):
        kinds = sorted((r.kind, r.application.company) for r in created)
    assert kinds == [("deadline", "Soon"), ("follow_up", "Chase"), ("interview", "Talk")]
    assert _raise(tenant_a) == []  # a second beat run raises nothing
    with tenant_context(tenant_a.pk):
        assert Reminder.objects.count() == 3


def test_database_refuses_a_duplicate_reminder(tenant_a: Tenant, seeker_a: User) -> None:
    from django.db import IntegrityError

    app = make_application(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        Reminder.objects.create(
            user=seeker_a, application=app, kind="deadline", due_on=date(2031, 1, 1)
        )
        with pytest.raises(IntegrityError):
            Reminder.objects.create(
                user=seeker_a, application=app, kind="deadline", due_on=date(2031, 1, 1)
            )


def test_tomorrow_is_the_users_tomorrow(tenant_a: Tenant, seeker_a: User) -> None:
    # At 20:00 UTC it is already 22:00 in Rome: an interview at 09:00 Rome on the 11th is
    # "tomorrow"; in Los Angeles (13:00 on the 10th) an interview on the 12th UTC-early is not.
    with tenant_context(tenant_a.pk):
        Profile.objects.filter(user=seeker_a).update(timezone="America/Los_Angeles")
    app = make_application(tenant_a, seeker_a, status="interviewing")
    with tenant_context(tenant_a.pk):
        # 02:00 UTC on the 12th = 19:00 on the 11th in LA: tomorrow for the user.
        interview_create(
            application=app, user=seeker_a, data={"starts_at": datetime(2031, 5, 12, 2, tzinfo=UTC)}
        )
    created = _raise(tenant_a)
    assert [(r.kind, r.due_on) for r in created] == [("interview", date(2031, 5, 11))]


def test_settings_choose_the_channels(tenant_a: Tenant, seeker_a: User) -> None:
    make_application(tenant_a, seeker_a, deadline=date(2031, 5, 11))
    make_application(tenant_a, seeker_a, status="applied", follow_up_on=date(2031, 5, 9))
    with tenant_context(tenant_a.pk):
        ReminderSettings.objects.create(
            user=seeker_a,
            deadline_email=False,
            deadline_in_app=False,
            follow_up_email=False,
            follow_up_in_app=True,
        )
    created = _raise(tenant_a)
    assert [(r.kind, r.email, r.in_app) for r in created] == [("follow_up", False, True)]


def test_email_is_sent_once_in_the_users_language(
    tenant_a: Tenant, seeker_a: User, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with tenant_context(tenant_a.pk):
        Profile.objects.filter(user=seeker_a).update(language="it", timezone="Europe/Rome")
    make_application(
        tenant_a, seeker_a, company="Initech", title="Analista", deadline=date(2031, 5, 11)
    )
    (reminder,) = _raise(tenant_a)
    with tenant_context(tenant_a.pk):
        assert reminder_send_email(reminder_id=reminder.pk, tenant=tenant_a) is True
        assert reminder_send_email(reminder_id=reminder.pk, tenant=tenant_a) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [seeker_a.email]
    assert "Analista" in message.subject and "Initech" in message.subject
    assert "/jobs/" in message.body
    assert message.alternatives  # HTML part


def test_failed_send_releases_the_claim_for_the_retry(
    tenant_a: Tenant, seeker_a: User, monkeypatch: Any
) -> None:
    from jobs import reminders

    make_application(tenant_a, seeker_a, deadline=date(2031, 5, 11))
    (reminder,) = _raise(tenant_a)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError("smtp down")

    monkeypatch.setattr(reminders, "_send", boom)
    with tenant_context(tenant_a.pk), pytest.raises(OSError):
        reminder_send_email(reminder_id=reminder.pk, tenant=tenant_a)
    with tenant_context(tenant_a.pk):
        assert Reminder.objects.get().emailed_at is None


def test_beat_fans_out_one_task_per_active_tenant(
    tenant_a: Tenant, tenant_b: Tenant, monkeypatch: Any
) -> None:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tasks.reminders_for_tenant, "apply_async", lambda kwargs: sent.append(kwargs)
    )
    tenant_b.is_active = False
    tenant_b.save(update_fields=["is_active"])
    assert tasks.reminders_dispatch() == 1
    assert sent == [{"tenant_id": tenant_a.pk}]


def test_in_app_reminder_shows_on_dashboard_and_can_be_dismissed(
    tenant_a: Tenant, seeker_a: User
) -> None:
    make_application(
        tenant_a,
        seeker_a,
        company="Initech",
        status="applied",
        follow_up_on=date.today() - timedelta(days=1),
    )
    now = datetime.now(UTC)
    (reminder,) = _raise(tenant_a, now)
    client = client_for(tenant_a, seeker_a)
    assert "Follow-up due" in client.get("/dashboard/").content.decode()
    response = client.post(
        f"/jobs/reminders/{reminder.pk}/dismiss/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Follow-up due" not in client.get("/dashboard/").content.decode()
    assert client.post(f"/jobs/reminders/{reminder.pk}/dismiss/").status_code == 404


def test_closing_the_account_cancels_queued_and_future_reminders(
    tenant_a: Tenant, seeker_a: User, settings: Any
) -> None:
    """ "Delete my account" stops reminders at once: the erasure's suspend hook un-queues the
    unsent emails, a send already queued is dropped, and the beat raises nothing new."""
    from privacy.manifest import load_manifest
    from privacy.models import ErasureHold

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_application(tenant_a, seeker_a, company="Soon", deadline=date(2031, 5, 11))
    (queued,) = _raise(tenant_a)
    ErasureHold.objects.create(
        user=seeker_a,
        request_tenant=tenant_a,
        request_id_value=1,
        grace_until=NOW + timedelta(days=30),
    )
    # A send that was already in the queue when the account closed is dropped.
    with tenant_context(tenant_a.pk):
        assert reminder_send_email(reminder_id=queued.pk, tenant=tenant_a) is False
    for hook in load_manifest().hooks.suspend:
        hook(seeker_a.pk)
    with tenant_context(tenant_a.pk):
        assert not Reminder.objects.filter(email=True, emailed_at__isnull=True).exists()
    make_application(
        tenant_a, seeker_a, company="Chase", status="applied", follow_up_on=date(2031, 5, 10)
    )
    assert _raise(tenant_a) == []
    assert mail.outbox == []


def test_in_app_reminders_land_in_the_notification_centre_and_its_preference_rules(
    tenant_a: Tenant, seeker_a: User
) -> None:
    from notifications.models import Notification
    from notifications.services import notification_preference_set

    make_application(
        tenant_a, seeker_a, company="Soon", title="Analyst", deadline=date(2031, 5, 11)
    )
    (reminder,) = _raise(tenant_a)
    with tenant_context(tenant_a.pk):
        [row] = Notification.objects.filter(user=seeker_a, kind="reminder")
    assert row.title == "Deadline approaching: Analyst · Soon"
    assert row.url == f"/jobs/{reminder.application_id}/"

    # "Email only" in Settings → Email & notifications: no in-app copy; "Off": nothing at all.
    with tenant_context(tenant_a.pk):
        notification_preference_set(user=seeker_a, kind="reminder", channel="email")
    make_application(
        tenant_a, seeker_a, company="Chase", status="applied", follow_up_on=date(2031, 5, 10)
    )
    (follow_up,) = _raise(tenant_a)
    assert (follow_up.email, follow_up.in_app) == (True, False)
    with tenant_context(tenant_a.pk):
        notification_preference_set(user=seeker_a, kind="reminder", channel="off")
    make_application(tenant_a, seeker_a, company="Later", deadline=date(2031, 5, 12))
    assert _raise(tenant_a) == []
    with tenant_context(tenant_a.pk):
        assert Notification.objects.filter(user=seeker_a).count() == 1

"""Reminders: deadline approaching, follow-up due, interview tomorrow.

`reminders_raise` runs per tenant (jobs.tasks, fanned out by beat). For each candidate it inserts
a `Reminder` row; the unique constraints make a second run (or a retried task) a no-op, so a
reminder is never raised twice. Emails are sent from the rows whose email is still unsent, each
claimed by an UPDATE ... WHERE emailed_at IS NULL so two workers cannot both send it. Dates are
the user's: "tomorrow" and "in two days" are computed in their profile's time zone, and the email
is written in their profile's language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy

from accounts.models import Profile, Tenant, User
from accounts.selectors import tenant_base_url
from jobmentis.tenancy.context import require_tenant_id, tenant_context
from jobs.models import (
    CLOSED,
    Application,
    Interview,
    InterviewOutcome,
    Reminder,
    ReminderSettings,
    Status,
)
from notifications.selectors import notification_channels_for_users
from notifications.services import notification_send
from privacy.selectors import erasure_held_user_ids

logger = logging.getLogger(__name__)

# Statuses where following up still makes sense (sent, not closed, not an offer).
FOLLOW_UP_STATUSES = (Status.APPLIED, Status.SCREENING, Status.INTERVIEWING)
MAX_DEADLINE_DAYS = 14


@dataclass(frozen=True)
class UserPrefs:
    zone: ZoneInfo
    language: str
    settings: ReminderSettings


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _prefs(user_ids: set[int]) -> dict[int, UserPrefs]:
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=user_ids)}
    stored = {s.user_id: s for s in ReminderSettings.objects.filter(user_id__in=user_ids)}
    prefs = {}
    for user_id in user_ids:
        profile = profiles.get(user_id)
        prefs[user_id] = UserPrefs(
            zone=_zone(profile.timezone if profile else "UTC"),
            language=(profile.language if profile else "") or settings.LANGUAGE_CODE,
            settings=stored.get(user_id) or ReminderSettings(user_id=user_id),
        )
    return prefs


def _insert(**fields: object) -> Reminder | None:
    try:
        with transaction.atomic():
            return Reminder.objects.create(**fields)
    except IntegrityError:
        return None  # already raised: never twice


def reminders_raise(*, now: datetime | None = None) -> list[Reminder]:
    """Raise every reminder now due in the current tenant; returns the new ones."""
    now = now or timezone.now()
    utc_today = now.date()
    open_apps = Application.objects.exclude(status__in=(*CLOSED, Status.ACCEPTED))
    deadline_apps = list(
        open_apps.filter(
            deadline__gte=utc_today - timedelta(days=1),
            deadline__lte=utc_today + timedelta(days=MAX_DEADLINE_DAYS + 1),
        ).only("id", "tenant_id", "user_id", "deadline")
    )
    follow_up_apps = list(
        open_apps.filter(
            status__in=FOLLOW_UP_STATUSES, follow_up_on__lte=utc_today + timedelta(days=1)
        ).only("id", "tenant_id", "user_id", "follow_up_on")
    )
    interviews = list(
        Interview.objects.filter(
            outcome=InterviewOutcome.PENDING,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(hours=50),
        ).only("id", "tenant_id", "user_id", "application_id", "starts_at")
    )
    users = {a.user_id for a in deadline_apps + follow_up_apps} | {i.user_id for i in interviews}
    # A closed account (erasure in its grace period) gets no reminders.
    users -= erasure_held_user_ids(user_ids=users)
    if not users:
        return []
    prefs = _prefs(users)
    # The notification-centre preference for reminders is a master switch over the per-kind
    # choices of the reminder settings.
    delivery = notification_channels_for_users(user_ids=users, kind="reminder")
    created: list[Reminder] = []

    def raise_one(
        user_id: int, kind: str, email: bool, in_app: bool, due_on: date, **refs: object
    ) -> None:
        email = email and delivery[user_id].email
        in_app = in_app and delivery[user_id].in_app
        if not (email or in_app):
            return
        row = _insert(user_id=user_id, kind=kind, due_on=due_on, email=email, in_app=in_app, **refs)
        if row is not None:
            created.append(row)

    for app in deadline_apps:
        if app.user_id not in users:
            continue
        p = prefs[app.user_id]
        today = now.astimezone(p.zone).date()
        assert app.deadline is not None
        if today <= app.deadline <= today + timedelta(days=p.settings.deadline_days):
            raise_one(
                app.user_id,
                Reminder.Kind.DEADLINE,
                p.settings.deadline_email,
                p.settings.deadline_in_app,
                app.deadline,
                application_id=app.pk,
            )
    for app in follow_up_apps:
        if app.user_id not in users:
            continue
        p = prefs[app.user_id]
        today = now.astimezone(p.zone).date()
        assert app.follow_up_on is not None
        if app.follow_up_on <= today:
            raise_one(
                app.user_id,
                Reminder.Kind.FOLLOW_UP,
                p.settings.follow_up_email,
                p.settings.follow_up_in_app,
                app.follow_up_on,
                application_id=app.pk,
            )
    for interview in interviews:
        if interview.user_id not in users:
            continue
        p = prefs[interview.user_id]
        tomorrow = now.astimezone(p.zone).date() + timedelta(days=1)
        day = interview.starts_at.astimezone(p.zone).date()
        if day == tomorrow:
            raise_one(
                interview.user_id,
                Reminder.Kind.INTERVIEW,
                p.settings.interview_email,
                p.settings.interview_in_app,
                day,
                application_id=interview.application_id,
                interview_id=interview.pk,
            )
    _notify_in_app(created)
    return created


def _notify_in_app(reminders: list[Reminder]) -> None:
    """In-app reminders also land in the notification centre (the email goes separately)."""
    in_app = [r for r in reminders if r.in_app]
    if not in_app:
        return
    tenant = Tenant.objects.get(pk=require_tenant_id())
    rows = Reminder.objects.filter(pk__in=[r.pk for r in in_app]).select_related(
        "user", "application"
    )
    for reminder in rows:
        application = reminder.application
        notification_send(
            user=reminder.user,
            tenant=tenant,
            kind="reminder",
            title=lazy(
                lambda r=reminder, a=application: (
                    f"{r.get_kind_display()}: {a.title} · {a.company}"
                ),
                str,
            )(),
            url=reverse("jobs_detail", args=[application.pk]),
        )


def reminder_pending_email_ids() -> list[int]:
    return list(
        Reminder.objects.filter(email=True, emailed_at__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def reminder_send_email(*, reminder_id: int, tenant: Tenant) -> bool:
    """Send one reminder's email, at most once. Returns whether this call sent it."""
    with transaction.atomic():
        claimed = Reminder.objects.filter(
            pk=reminder_id, email=True, emailed_at__isnull=True
        ).update(emailed_at=timezone.now())
    if not claimed:
        return False
    reminder = (
        Reminder.objects.select_related("user", "application", "interview")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return False
    if erasure_held_user_ids(user_ids=[reminder.user_id]):
        # Queued before the account was closed: the claim stays, so it is never sent.
        return False
    try:
        _send(reminder, tenant)
    except Exception:
        # Release the claim so the retry sends it; the error is re-raised for the task's retry.
        Reminder.objects.filter(pk=reminder_id).update(emailed_at=None)
        raise
    return True


def _send(reminder: Reminder, tenant: Tenant) -> None:
    user: User = reminder.user
    prefs = _prefs({user.pk})[user.pk]
    base = tenant_base_url(tenant=tenant)
    with translation.override(prefs.language), timezone.override(prefs.zone):
        context = {
            "reminder": reminder,
            "application": reminder.application,
            "interview": reminder.interview,
            "brand_name": tenant.brand_name,
            "detail_url": f"{base}/jobs/{reminder.application_id}/",
            "settings_url": f"{base}/settings/reminders/",
        }
        subject = render_to_string("jobs/email/reminder_subject.txt", context).strip()
        text = render_to_string("jobs/email/reminder.txt", context)
        html = render_to_string("jobs/email/reminder.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def reminder_mark_read(*, user: User, reminder_id: int) -> int:
    return Reminder.objects.filter(user=user, pk=reminder_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def reminders_suspend(user_id: int) -> None:
    """Erasure hook (privacy manifest): the account was closed, so its reminders that were not
    emailed yet never will be, on any tenant. Runs outside any tenant context."""
    from privacy.erasure import user_tenant_ids

    for tenant_id in user_tenant_ids(user_id):
        with tenant_context(tenant_id):
            Reminder.objects.filter(user_id=user_id, email=True, emailed_at__isnull=True).update(
                email=False
            )

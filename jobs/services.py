"""Writes for the job tracker: applications, their moves through the pipeline, notes, tags,
contacts, interviews, the calendar feed and reminder settings.

Every write that a user would want to see later appends an `Activity` (the timeline), inside the
same transaction as the change, so the history can never disagree with the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import F, Max, Min
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobmentis.tenancy.tasks import enqueue_on_commit
from jobs.models import (
    BOARD_COLUMNS,
    CLOSED,
    PIPELINE,
    Activity,
    Application,
    ApplicationTag,
    CalendarFeed,
    Contact,
    Interview,
    ReminderSettings,
    Status,
    Tag,
)
from resumes.models import Resume

# Fields a user edits on the application form (and CSV import fills); order = form order.
EDITABLE_FIELDS: tuple[str, ...] = (
    "company",
    "title",
    "url",
    "location",
    "workplace_type",
    "contract_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "source",
    "status",
    "closing_reason",
    "priority",
    "applied_on",
    "deadline",
    "follow_up_on",
    "description",
    "notes",
    "resume",
    "cover_letter",
    "match_score",
)


def _log(
    application: Application,
    *,
    kind: str,
    body: str = "",
    from_status: str = "",
    to_status: str = "",
    user: User | None = None,
) -> Activity:
    return Activity.objects.create(
        application=application,
        user_id=user.pk if user is not None else application.user_id,
        kind=kind,
        body=body,
        from_status=from_status,
        to_status=to_status,
    )


def _next_position(user: User, status: str) -> int:
    """Top of the column: new and moved cards go first, where the user is looking."""
    lowest = Application.objects.filter(user=user, status=status).aggregate(low=Min("position"))[
        "low"
    ]
    return 0 if lowest is None else lowest - 1


def _apply_status_side_effects(application: Application, status: str, today: date) -> None:
    # Leaving the wishlist means it was sent (withdrawing a wishlist entry does not): remember
    # when, unless the user said otherwise.
    if status not in (Status.WISHLIST, Status.WITHDRAWN) and application.applied_on is None:
        application.applied_on = today
    # A closed application was at least sent, unless it never left the wishlist (withdrawn).
    stage = PIPELINE.index(status) if status in PIPELINE else (1 if application.applied_on else 0)
    application.furthest_stage = max(application.furthest_stage, stage)
    if status not in CLOSED:
        application.closing_reason = ""


def application_create(
    *,
    user: User,
    tenant: Tenant,
    company: str,
    title: str,
    description: str = "",
    url: str = "",
    location: str = "",
    workplace_type: str = "",
    contract_type: str = "",
    salary_min: int | None = None,
    salary_max: int | None = None,
    salary_currency: str = "",
    salary_period: str = "",
    source: str = "",
    status: str = Status.WISHLIST,
    **extra: Any,
) -> Application:
    """Add an application to the user's tracker (top of its board column) and start its timeline.

    `extra` takes the other editable fields (dates, priority, notes, CV sent, tags as a list of
    names...) for the tracker's own forms and CSV import; other apps use the named arguments.
    Callers validate; this only refuses what would corrupt the data (unknown status).
    """
    if status not in BOARD_COLUMNS:
        raise ValueError(f"Unknown application status: {status!r}")
    tag_names: Iterable[str] = extra.pop("tags", ()) or ()
    unknown = set(extra) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected application fields: {sorted(unknown)}")
    with tenant_context(tenant.pk):
        application = Application(
            user=user,
            company=company.strip()[:160],
            title=title.strip()[:200],
            description=description,
            url=url.strip(),
            location=location.strip()[:160],
            workplace_type=workplace_type,
            contract_type=contract_type,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_currency=salary_currency.strip().upper()[:3],
            salary_period=salary_period,
            source=source.strip()[:80],
            status=status,
            **extra,
        )
        application.tenant_id = tenant.pk
        _apply_status_side_effects(application, status, timezone.localdate())
        application.position = _next_position(user, status)
        application.save()
        _log(application, kind=Activity.Kind.CREATED, to_status=status, user=user)
        if application.resume_id:
            _log(
                application,
                kind=Activity.Kind.DOCUMENT,
                body=_resume_label(application.resume),
                user=user,
            )
        if tag_names:
            application_set_tags(application=application, names=tag_names)
    return application


def _resume_label(resume: Resume | None) -> str:
    return f"CV: {resume.title}" if resume is not None else ""


def application_update(
    *, application: Application, user: User, data: dict[str, Any]
) -> Application:
    """Save the edited fields; a status change or a new CV is recorded on the timeline."""
    old_status = application.status
    old_resume_id = application.resume_id
    old_cover = application.cover_letter
    changed: list[str] = []
    for field, value in data.items():
        if field not in EDITABLE_FIELDS:
            raise TypeError(f"Not an editable field: {field}")
        if getattr(application, field) != value:
            setattr(application, field, value)
            changed.append(field)
    if not changed:
        return application
    with transaction.atomic():
        if application.status != old_status:
            _apply_status_side_effects(application, application.status, timezone.localdate())
            application.position = _next_position(user, application.status)
            application.status_changed_at = timezone.now()
        application.save()
        if application.status != old_status:
            _log(
                application,
                kind=Activity.Kind.STATUS,
                from_status=old_status,
                to_status=application.status,
                body=application.get_closing_reason_display() if application.is_closed else "",
                user=user,
            )
        if application.resume_id != old_resume_id and application.resume_id:
            _log(
                application,
                kind=Activity.Kind.DOCUMENT,
                body=_resume_label(application.resume),
                user=user,
            )
        if application.cover_letter != old_cover and application.cover_letter:
            _log(application, kind=Activity.Kind.DOCUMENT, body="Cover letter", user=user)
        other = [f for f in changed if f not in ("status", "resume", "cover_letter", "position")]
        if other:
            _log(
                application,
                kind=Activity.Kind.EDITED,
                body=", ".join(_field_label(f) for f in other),
                user=user,
            )
    return application


def _field_label(name: str) -> str:
    field = Application._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def application_move(
    *,
    application: Application,
    user: User,
    status: str,
    before_id: int | None = None,
    closing_reason: str = "",
) -> Application:
    """Move a card to `status`, placed just before card `before_id` (or at the end of the column
    when None). Only the target column is renumbered: O(column), one UPDATE."""
    if status not in BOARD_COLUMNS:
        raise ValueError(f"Unknown application status: {status!r}")
    old_status = application.status
    with transaction.atomic():
        column = Application.objects.filter(user=user, status=status).exclude(pk=application.pk)
        if before_id is not None:
            anchor = column.filter(pk=before_id).values_list("position", flat=True).first()
        else:
            anchor = None
        if anchor is None:
            top = column.aggregate(high=Max("position"))["high"]
            position = 0 if top is None else top + 1
        else:
            # Make room: everything from the anchor down shifts by one.
            column.filter(position__gte=anchor).update(position=F("position") + 1)
            position = anchor
        application.position = position
        update_fields = ["position", "updated_at"]
        if status != old_status:
            application.status = status
            application.status_changed_at = timezone.now()
            _apply_status_side_effects(application, status, timezone.localdate())
            if status in CLOSED and closing_reason:
                application.closing_reason = closing_reason
            update_fields += [
                "status",
                "status_changed_at",
                "applied_on",
                "closing_reason",
                "furthest_stage",
            ]
        application.save(update_fields=update_fields)
        if status != old_status:
            _log(
                application,
                kind=Activity.Kind.STATUS,
                from_status=old_status,
                to_status=status,
                body=application.get_closing_reason_display() if application.closing_reason else "",
                user=user,
            )
    return application


def application_delete(*, application: Application) -> None:
    application.delete()


def application_add_note(*, application: Application, user: User, body: str) -> Activity:
    return _log(application, kind=Activity.Kind.NOTE, body=body.strip(), user=user)


def _tags_for(user: User, names: Iterable[str]) -> list[Tag]:
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())[:40]
        if name:
            wanted.setdefault(name.lower(), name)
    if not wanted:
        return []
    existing = {
        t.name.lower(): t
        for t in Tag.objects.filter(user=user)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name__in=list(wanted))
    }
    tags = []
    for key, name in wanted.items():
        tag = existing.get(key)
        if tag is None:
            tag = Tag.objects.create(user=user, name=name)
            existing[key] = tag
        tags.append(tag)
    return tags


def application_set_tags(*, application: Application, names: Iterable[str]) -> list[Tag]:
    """Replace the application's tags with `names` (case-insensitive; new tags are created)."""
    user = application.user
    with transaction.atomic():
        tags = _tags_for(user, names)
        ApplicationTag.objects.filter(application=application).exclude(
            tag__in=[t.pk for t in tags]
        ).delete()
        have = set(
            ApplicationTag.objects.filter(application=application).values_list("tag_id", flat=True)
        )
        ApplicationTag.objects.bulk_create(
            [
                ApplicationTag(tenant_id=application.tenant_id, application=application, tag=t)
                for t in tags
                if t.pk not in have
            ]
        )
    return tags


def contact_create(*, application: Application, user: User, data: dict[str, Any]) -> Contact:
    with transaction.atomic():
        contact = Contact.objects.create(application=application, **data)
        _log(
            application,
            kind=Activity.Kind.CONTACT,
            body=" — ".join(p for p in (contact.name, contact.role) if p),
            user=user,
        )
    return contact


def contact_delete(*, contact: Contact) -> None:
    contact.delete()


def interview_create(*, application: Application, user: User, data: dict[str, Any]) -> Interview:
    with transaction.atomic():
        interview = Interview.objects.create(application=application, user=user, **data)
        _log(application, kind=Activity.Kind.INTERVIEW, body=_interview_summary(interview))
        # The coach prepares the interview's pack in the background (issue: "when an interview
        # is scheduled"); imported here because coaching builds on the tracker, not the reverse.
        from coaching.tasks import pack_prepare_for_interview_task

        enqueue_on_commit(pack_prepare_for_interview_task, interview_id=interview.pk)
    return interview


def _interview_summary(interview: Interview) -> str:
    local = timezone.localtime(interview.starts_at, _zone(interview.time_zone))
    return f"{interview.get_kind_display()} · {local:%Y-%m-%d %H:%M} ({interview.time_zone})"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def interview_update(*, interview: Interview, user: User, data: dict[str, Any]) -> Interview:
    old_start, old_outcome = interview.starts_at, interview.outcome
    for field, value in data.items():
        setattr(interview, field, value)
    with transaction.atomic():
        interview.sequence += 1
        interview.save()
        if interview.starts_at != old_start or interview.outcome != old_outcome:
            summary = _interview_summary(interview)
            if interview.outcome != old_outcome:
                summary += f" — {interview.get_outcome_display()}"
            _log(interview.application, kind=Activity.Kind.INTERVIEW, body=summary, user=user)
    return interview


def interview_delete(*, interview: Interview) -> None:
    interview.delete()


def calendar_feed_enable(*, user: User) -> CalendarFeed:
    """The user's feed, created on first use (one per user and tenant)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, token=CalendarFeed.new_token())
    return feed


def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """Revoke the old secret URL (it stops working immediately) and issue a new one."""
    feed = calendar_feed_enable(user=user)
    feed.token = CalendarFeed.new_token()
    feed.last_used_at = None
    feed.save(update_fields=["token", "last_used_at"])
    return feed


def calendar_feed_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def calendar_feed_touch(*, feed: CalendarFeed, now: datetime) -> None:
    # At most once an hour: calendar clients poll often, and this is a hot row.
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 3600:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)


def reminder_settings_update(*, user: User, data: dict[str, Any]) -> ReminderSettings:
    settings_row, _created = ReminderSettings.objects.update_or_create(user=user, defaults=data)
    return settings_row

"""Reads for the job tracker. Every function takes the user; the tenant comes from the context
(the default managers fail closed without one). Board, list and dashboard run a fixed number of
queries whatever the number of applications (tests/jobs/test_query_counts.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from jobs.models import (
    BOARD_COLUMNS,
    CLOSED,
    PIPELINE,
    Activity,
    Application,
    CalendarFeed,
    Contact,
    Interview,
    InterviewOutcome,
    Reminder,
    ReminderSettings,
    Status,
    Tag,
)
from jobs.models import SEARCH_CONFIG as SEARCH_CONFIG

BOARD_CARDS_PER_COLUMN = 25
LIST_PAGE_SIZE = 25
DASHBOARD_ITEMS = 5
CARD_FIELDS = (
    "id",
    "tenant_id",
    "user_id",
    "company",
    "title",
    "location",
    "workplace_type",
    "status",
    "position",
    "priority",
    "deadline",
    "follow_up_on",
    "match_score",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "applied_on",
    "created_at",
)


def _tags_prefetch() -> Prefetch[Any]:
    return Prefetch("tags", queryset=Tag.objects.only("id", "name").order_by("name"))


def application_for_user(*, user: User, application_id: int) -> Application:
    """The user's application in the current tenant; missing and not-yours are the same 404."""
    application = (
        Application.objects.filter(user=user, pk=application_id)
        .select_related("resume")
        .prefetch_related(_tags_prefetch())
        .first()
    )
    if application is None:
        raise Http404
    return application


def interview_for_user(*, user: User, application_id: int, interview_id: int) -> Interview:
    interview = (
        Interview.objects.filter(user=user, application_id=application_id, pk=interview_id)
        .select_related("application")
        .first()
    )
    if interview is None or interview.application.user_id != user.pk:
        raise Http404
    return interview


def contact_for_user(*, user: User, application_id: int, contact_id: int) -> Contact:
    contact = Contact.objects.filter(
        application__user=user, application_id=application_id, pk=contact_id
    ).first()
    if contact is None:
        raise Http404
    return contact


@dataclass
class BoardColumn:
    status: str
    label: str
    count: int
    cards: list[Application] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return max(self.count - len(self.cards), 0)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED


def board_for_user(*, user: User, per_column: int = BOARD_CARDS_PER_COLUMN) -> list[BoardColumn]:
    """Every status column with its total and its first `per_column` cards. Three queries:
    counts, the cards (a window function keeps the top of each column), their tags."""
    counts = dict(
        Application.objects.filter(user=user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    ranked = (
        Application.objects.filter(user=user)
        .only(*CARD_FIELDS)
        .annotate(
            column_rank=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("position").asc(), F("id").desc()],
            )
        )
        .filter(column_rank__lte=per_column)
        .order_by("status", "position", "-id")
        .prefetch_related(_tags_prefetch())
    )
    columns = {
        status: BoardColumn(
            status=status, label=str(Status(status).label), count=counts.get(status, 0)
        )
        for status in BOARD_COLUMNS
    }
    for card in ranked:
        columns[card.status].cards.append(card)
    return list(columns.values())


def board_column_page(
    *, user: User, status: str, offset: int, limit: int = BOARD_CARDS_PER_COLUMN
) -> tuple[BoardColumn, int]:
    """The next `limit` cards of one column after the first `offset` (the board's "Show more"),
    in the board's order, with the column's total. Three queries. Returns the column and the
    offset of the following page. An unknown status is a 404."""
    if status not in BOARD_COLUMNS:
        raise Http404
    offset = max(offset, 0)
    mine = Application.objects.filter(user=user, status=status)
    column = BoardColumn(status=status, label=str(Status(status).label), count=mine.count())
    column.cards = list(
        mine.only(*CARD_FIELDS)
        .order_by("position", "-id")
        .prefetch_related(_tags_prefetch())[offset : offset + limit]
    )
    return column, offset + len(column.cards)


def board_column_for_user(*, user: User, status: str) -> BoardColumn:
    """One column, for the htmx swap after a move (same ordering and limit as the board)."""
    for column in board_for_user(user=user):
        if column.status == status:
            return column
    raise Http404


# --- list ---------------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "company": ("company", "title", "id"),
    "-updated": ("-updated_at", "-id"),
    "deadline": (F("deadline").asc(nulls_last=True), "id"),  # type: ignore[dict-item]
    "-salary": (F("salary_max").desc(nulls_last=True), "-id"),  # type: ignore[dict-item]
    "-priority": ("-priority", "-created_at", "-id"),
    "-match": (F("match_score").desc(nulls_last=True), "-id"),  # type: ignore[dict-item]
    "relevance": (),
}


def search_query(text: str) -> SearchQuery | None:
    """A prefix query over every word the user typed ("acm data" finds "Acme ... Data analyst").
    Only word characters reach the raw tsquery, so nothing the user types can break its syntax."""
    terms = re.findall(r"\w+", text.lower())[:12]
    if not terms:
        return None
    raw = " & ".join(f"{term}:*" for term in terms)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


@dataclass(frozen=True)
class ListFilters:
    q: str = ""
    statuses: tuple[str, ...] = ()
    tag: int | None = None
    date_field: str = "created"  # created | applied | deadline
    date_from: date | None = None
    date_to: date | None = None
    salary_min: int | None = None
    sort: str = "-created"


def applications_filtered(*, user: User, filters: ListFilters) -> QuerySet[Application]:
    qs = Application.objects.filter(user=user)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.tag is not None:
        qs = qs.filter(applicationtag__tag_id=filters.tag)
    column = {"created": "created_at__date", "applied": "applied_on", "deadline": "deadline"}[
        filters.date_field
    ]
    if filters.date_from:
        qs = qs.filter(**{f"{column}__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{column}__lte": filters.date_to})
    if filters.salary_min is not None:
        # "pays at least X": the top of the range reaches X (or the only figure given does).
        qs = qs.filter(
            Q(salary_max__gte=filters.salary_min)
            | Q(salary_max__isnull=True, salary_min__gte=filters.salary_min)
        )
    query = search_query(filters.q)
    if query is not None:
        qs = qs.filter(search=query)
    sort = filters.sort if filters.sort in SORTS else "-created"
    if sort == "relevance" and query is not None:
        qs = qs.annotate(rank=SearchRank(F("search"), query)).order_by("-rank", "-id")
    else:
        qs = qs.order_by(*(SORTS[sort] or SORTS["-created"]))
    return qs


def application_page(*, user: User, filters: ListFilters, page: int | str | None) -> Page[Any]:
    """One page of the filtered list: a COUNT, the page's rows, their tags."""
    qs = applications_filtered(user=user, filters=filters).only(*CARD_FIELDS, "source", "url")
    qs = qs.prefetch_related(_tags_prefetch())
    paginator = Paginator(qs, LIST_PAGE_SIZE)
    return paginator.get_page(page)


def tags_for_user(*, user: User) -> list[Tag]:
    return list(Tag.objects.filter(user=user).order_by("name"))


def applications_for_export(*, user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(user=user)
        .select_related("resume")
        .prefetch_related(_tags_prefetch())
        .order_by("created_at", "id")
    )


# --- detail -------------------------------------------------------------------------------------


def timeline_for_application(*, application: Application) -> list[Activity]:
    return list(Activity.objects.filter(application=application).order_by("-created_at", "-id"))


def interviews_for_application(*, application: Application) -> list[Interview]:
    return list(Interview.objects.filter(application=application).order_by("starts_at", "id"))


def contacts_for_application(*, application: Application) -> list[Contact]:
    return list(Contact.objects.filter(application=application).order_by("name", "id"))


# --- dashboard ----------------------------------------------------------------------------------


@dataclass
class FunnelStage:
    status: str
    label: str
    reached: int
    percent: int  # of the first stage (the width of the bar)


@dataclass
class Dashboard:
    total: int
    counts: list[tuple[str, str, int]]  # (status, label, count) for every status
    funnel: list[FunnelStage]
    sent: int
    response_rate: int | None
    interview_rate: int | None
    upcoming_interviews: list[Interview]
    upcoming_deadlines: list[Application]
    recent_activity: list[Activity]
    reminders: list[Reminder]


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def dashboard_for_user(*, user: User, now: datetime | None = None) -> Dashboard:
    """Six queries: one aggregate for every count and rate, then the four short lists and the
    unread reminders."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    aggregates: dict[str, Any] = {
        f"status_{status}": Count("id", filter=Q(status=status)) for status in BOARD_COLUMNS
    }
    aggregates.update(
        {f"reached_{i}": Count("id", filter=Q(furthest_stage__gte=i)) for i in range(len(PIPELINE))}
    )
    # Sent = everything that left the wishlist (a withdrawn wishlist entry was never sent).
    aggregates["sent"] = Count("id", filter=Q(furthest_stage__gte=1) | Q(applied_on__isnull=False))
    # A response is any answer from the employer: a further stage, or a rejection.
    aggregates["responded"] = Count(
        "id",
        filter=Q(furthest_stage__gte=2)
        | (Q(status=Status.REJECTED) & (Q(furthest_stage__gte=1) | Q(applied_on__isnull=False))),
    )
    aggregates["total"] = Count("id")
    row = Application.objects.filter(user=user).order_by().aggregate(**aggregates)

    counts = [(s, str(Status(s).label), row[f"status_{s}"]) for s in BOARD_COLUMNS]
    first = row["reached_0"] or 0
    funnel = [
        FunnelStage(
            status=s,
            label=str(Status(s).label),
            reached=row[f"reached_{i}"],
            percent=_percent(row[f"reached_{i}"], first) or 0,
        )
        for i, s in enumerate(PIPELINE)
    ]
    sent = row["sent"]
    upcoming_interviews = list(
        Interview.objects.filter(
            user=user, starts_at__gte=now - timedelta(hours=1), outcome=InterviewOutcome.PENDING
        )
        .select_related("application")
        .only(
            "id",
            "tenant_id",
            "starts_at",
            "time_zone",
            "duration_minutes",
            "kind",
            "location",
            "application__id",
            "application__company",
            "application__title",
        )
        .order_by("starts_at", "id")[:DASHBOARD_ITEMS]
    )
    upcoming_deadlines = list(
        Application.objects.filter(user=user, deadline__gte=today)
        .exclude(status__in=(*CLOSED, Status.ACCEPTED))
        .only("id", "tenant_id", "company", "title", "deadline", "status")
        .order_by("deadline", "id")[:DASHBOARD_ITEMS]
    )
    recent_activity = list(
        Activity.objects.filter(user=user)
        .select_related("application")
        .only(
            "id",
            "tenant_id",
            "kind",
            "body",
            "from_status",
            "to_status",
            "created_at",
            "application__id",
            "application__company",
            "application__title",
        )
        .order_by("-created_at", "-id")[: DASHBOARD_ITEMS + 3]
    )
    return Dashboard(
        total=row["total"],
        counts=counts,
        funnel=funnel,
        sent=sent,
        response_rate=_percent(row["responded"], sent),
        interview_rate=_percent(row["reached_3"], sent),
        upcoming_interviews=upcoming_interviews,
        upcoming_deadlines=upcoming_deadlines,
        recent_activity=recent_activity,
        reminders=unread_reminders(user=user),
    )


def unread_reminders(*, user: User, limit: int = DASHBOARD_ITEMS) -> list[Reminder]:
    return list(
        Reminder.objects.filter(user=user, in_app=True, read_at__isnull=True)
        .select_related("application", "interview")
        .order_by("-created_at", "-id")[:limit]
    )


# --- calendar and reminders ---------------------------------------------------------------------


def calendar_feed_for_user(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.filter(token=token).select_related("user").first()


def interviews_for_feed(*, user: User, now: datetime) -> list[Interview]:
    """What a subscribed calendar shows: the last 90 days and everything ahead."""
    return list(
        Interview.objects.filter(user=user, starts_at__gte=now - timedelta(days=90))
        .select_related("application")
        .order_by("starts_at", "id")
    )


def reminder_settings_for_user(*, user: User) -> ReminderSettings:
    """The stored settings, or an unsaved row with the defaults."""
    return ReminderSettings.objects.filter(user=user).first() or ReminderSettings(user=user)

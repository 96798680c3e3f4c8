"""Tracker pages. Thin: validate, call one service, render. Every application is fetched through
the signed-in user (and the tenant, via the default manager): another user's, another tenant's
and a missing one all answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.selectors import membership_for_user, profile_for_request
from jobs import csvio, ics
from jobs.extract import guess_application
from jobs.forms import (
    ApplicationForm,
    ContactForm,
    CsvImportForm,
    InterviewForm,
    ListFilterForm,
    MoveForm,
    NoteForm,
    QuickAddForm,
    ReminderSettingsForm,
)
from jobs.models import BOARD_COLUMNS, ClosingReason, Status
from jobs.reminders import reminder_mark_read
from jobs.selectors import (
    BoardColumn,
    application_for_user,
    application_page,
    applications_for_export,
    board_column_page,
    board_for_user,
    calendar_feed_by_token,
    calendar_feed_for_user,
    contact_for_user,
    contacts_for_application,
    interview_for_user,
    interviews_for_application,
    interviews_for_feed,
    reminder_settings_for_user,
    tags_for_user,
    timeline_for_application,
)
from jobs.services import (
    application_add_note,
    application_create,
    application_delete,
    application_move,
    application_set_tags,
    application_update,
    calendar_feed_enable,
    calendar_feed_revoke,
    calendar_feed_rotate,
    calendar_feed_touch,
    contact_create,
    contact_delete,
    interview_create,
    interview_delete,
    interview_update,
    reminder_settings_update,
)

IMPORT_SESSION_KEY = "jobs_csv_import"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _zone_name(request: HttpRequest) -> str:
    profile = profile_for_request(request=request)
    return profile.timezone if profile is not None and profile.timezone else "UTC"


def _statuses() -> list[tuple[str, str]]:
    # Translated once per request, not once per card's Move menu (the board renders hundreds).
    return [(value, str(label)) for value, label in Status.choices]


def _label_cards(columns: list[BoardColumn]) -> list[BoardColumn]:
    """The handle's accessible name of every card, formatted here from one translated pattern:
    a {% blocktranslate %} per card is the largest single cost of rendering a full board."""
    pattern = _("Move %(title)s at %(company)s (now in %(status)s)")
    for column in columns:
        for card in column.cards:
            card.handle_label = pattern % {  # type: ignore[attr-defined]
                "title": card.title,
                "company": card.company,
                "status": column.label,
            }
    return columns


def _card_context() -> dict[str, Any]:
    """What every board card repeats, computed once per request: the card links are built from
    the tracker's URL prefix (reversing two URLs per card is a measurable part of a board of
    hundreds of cards) and the fixed labels are translated once."""
    return {
        "statuses": _statuses(),
        "move_prefix": reverse("jobs"),
        "move_label": _("Move"),
        "high_priority": _("High priority"),
        "match_title": _("Match score when sent"),
        "tags_label": _("Tags"),
    }


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- board --------------------------------------------------------------------------------------


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    context = {
        "columns": _label_cards(board_for_user(user=_user(request))),
        "announce": "",
        "focus_id": "",
        **_card_context(),
    }
    return render(request, "jobs/board.html", context)


@login_required
@require_GET
def board_more(request: HttpRequest, status: str) -> HttpResponse:
    """The next cards of one column ("Show more", htmx), with the next "Show more" if any.
    Without htmx the link goes to the list filtered by the status instead."""
    offset = request.GET.get("offset", "")
    column, next_offset = board_column_page(
        user=_user(request), status=status, offset=int(offset) if offset.isdigit() else 0
    )
    context = {
        "column": _label_cards([column])[0],
        "next_offset": next_offset,
        "remaining": max(column.count - next_offset, 0),
        **_card_context(),
    }
    return render(request, "jobs/board.html#more_cards", context)


@login_required
@require_POST
def application_move_view(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = application_for_user(user=user, application_id=application_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("This move is not possible."), status=400)
    before = form.cleaned_data.get("before")
    if before == application.pk:
        before = None
    old = application.status
    application_move(
        application=application,
        user=user,
        status=form.cleaned_data["status"],
        before_id=before,
        closing_reason=form.cleaned_data.get("closing_reason") or "",
    )
    label = str(Status(application.status).label)
    announce = (
        _("Moved “%(title)s” at %(company)s to %(status)s.")
        if old != application.status
        else _("Reordered “%(title)s” at %(company)s in %(status)s.")
    ) % {"title": application.title, "company": application.company, "status": label}
    if not _is_htmx(request):
        messages.success(request, announce)
        return redirect(request.POST.get("next") or reverse("jobs"))
    context = {
        "columns": _label_cards(board_for_user(user=user)),
        "announce": announce,
        "focus_id": application.pk,
        **_card_context(),
    }
    return render(request, "jobs/board.html#board", context)


# --- list ---------------------------------------------------------------------------------------


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tags = tags_for_user(user=user)
    form = ListFilterForm(request.GET or None, tags=[(t.pk, t.name) for t in tags])
    filters = form.filters()
    page = application_page(user=user, filters=filters, page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "applications": page.object_list,
        "query": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        "tags": tags,
    }
    template = "jobs/list.html#results" if _is_htmx(request) else "jobs/list.html"
    return render(request, template, context)


@login_required
@require_GET
def application_export(request: HttpRequest) -> HttpResponse:
    # Built inside the request (not streamed): rows must be read while the request's tenant
    # context and RLS setting are active; a streamed body would be read after they are gone.
    user = _user(request)
    rows = csvio.export_rows(applications_for_export(user=user).iterator(chunk_size=500))
    response = HttpResponse("".join(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    return response


# --- create / edit ------------------------------------------------------------------------------


def _save_new(request: HttpRequest, form: ApplicationForm) -> HttpResponseRedirect:
    user = _user(request)
    data = form.application_data()
    application = application_create(
        user=user,
        tenant=request.tenant,  # type: ignore[attr-defined]
        tags=form.cleaned_data["tags"],
        **data,
    )
    messages.success(
        request,
        _("“%(title)s” at %(company)s was added.")
        % {"title": application.title, "company": application.company},
    )
    return redirect("jobs_detail", application_id=application.pk)


def _form_context(form: ApplicationForm, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "form": form,
        "application": None,
        "creating": True,
        "guessed": [],
        "from_quick": False,
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def application_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = ApplicationForm(request.POST, user=user)
        if form.is_valid():
            return _save_new(request, form)
        status = 400
    else:
        initial: dict[str, Any] = {}
        if request.GET.get("status") in BOARD_COLUMNS:
            initial["status"] = request.GET["status"]
        form = ApplicationForm(user=user, initial=initial)
        status = 200
    return render(request, "jobs/form.html", _form_context(form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_quick_add(request: HttpRequest) -> HttpResponse:
    """Step 1: a URL and/or a pasted ad. Step 2: the full form, prefilled with what we found."""
    user = _user(request)
    if request.method == "POST":
        quick = QuickAddForm(request.POST)
        if quick.is_valid():
            url = quick.cleaned_data.get("url") or ""
            text = quick.cleaned_data.get("text") or ""
            guess = guess_application(url=url, text=text)
            initial = {**guess.initial(), "url": url, "description": text}
            form = ApplicationForm(user=user, initial=initial)
            context = _form_context(form, guessed=guess.found, from_quick=True)
            return render(request, "jobs/form.html", context)
        return render(request, "jobs/quick_add.html", {"quick": quick}, status=400)
    return render(request, "jobs/quick_add.html", {"quick": QuickAddForm()})


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = application_for_user(user=user, application_id=application_id)
    if request.method == "POST":
        form = ApplicationForm(request.POST, instance=application, user=user)
        if form.is_valid():
            application_update(application=application, user=user, data=form.application_data())
            application_set_tags(application=application, names=form.cleaned_data["tags"])
            messages.success(request, _("Changes saved."))
            return redirect("jobs_detail", application_id=application.pk)
        # The instance was modified by the bound form's validation; reload for the header.
        application.refresh_from_db()
        status = 400
    else:
        form = ApplicationForm(instance=application, user=user)
        status = 200
    context = _form_context(form, application=application, creating=False)
    return render(request, "jobs/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_delete_view(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = application_for_user(user=user, application_id=application_id)
    if request.method == "POST":
        title = str(application)
        application_delete(application=application)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": title})
        return redirect("jobs")
    return render(request, "jobs/delete.html", {"application": application})


# --- detail -------------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, application: Any, **extra: Any) -> dict[str, Any]:
    zone = _zone_name(request)
    context = {
        "application": application,
        "timeline": timeline_for_application(application=application),
        "interviews": interviews_for_application(application=application),
        "contacts": contacts_for_application(application=application),
        "note_form": NoteForm(),
        "contact_form": ContactForm(),
        "interview_form": InterviewForm(zone_name=zone),
        "statuses": _statuses(),
        "closing_reasons": ClosingReason.choices,
        "zone": zone,
        "interview_open": False,
    }
    context.update(extra)
    return context


@login_required
@require_GET
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_for_user(user=_user(request), application_id=application_id)
    return render(request, "jobs/detail.html", _detail_context(request, application))


@login_required
@require_POST
def note_add(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = application_for_user(user=user, application_id=application_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        application_add_note(application=application, user=user, body=form.cleaned_data["body"])
        messages.success(request, _("Note added."))
        return redirect(reverse("jobs_detail", args=[application.pk]) + "#timeline")
    context = _detail_context(request, application, note_form=form)
    return render(request, "jobs/detail.html", context, status=400)


@login_required
@require_POST
def contact_add(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = application_for_user(user=user, application_id=application_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        contact_create(application=application, user=user, data=form.cleaned_data)
        messages.success(request, _("Contact added."))
        return redirect(reverse("jobs_detail", args=[application.pk]) + "#contacts")
    context = _detail_context(request, application, contact_form=form)
    return render(request, "jobs/detail.html", context, status=400)


@login_required
@require_POST
def contact_delete_view(request: HttpRequest, application_id: int, contact_id: int) -> HttpResponse:
    user = _user(request)
    contact = contact_for_user(user=user, application_id=application_id, contact_id=contact_id)
    contact_delete(contact=contact)
    messages.success(request, _("Contact removed."))
    return redirect(reverse("jobs_detail", args=[application_id]) + "#contacts")


# --- interviews ---------------------------------------------------------------------------------


@login_required
@require_POST
def interview_add(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = application_for_user(user=user, application_id=application_id)
    form = InterviewForm(request.POST, zone_name=_zone_name(request))
    if form.is_valid():
        interview_create(application=application, user=user, data=form.interview_data())
        messages.success(request, _("Interview scheduled."))
        return redirect(reverse("jobs_detail", args=[application.pk]) + "#interviews")
    context = _detail_context(request, application, interview_form=form, interview_open=True)
    return render(request, "jobs/detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request: HttpRequest, application_id: int, interview_id: int) -> HttpResponse:
    user = _user(request)
    interview = interview_for_user(
        user=user, application_id=application_id, interview_id=interview_id
    )
    # Edited in the zone it was entered in, so "10:00" stays 10:00 for the user.
    zone = interview.time_zone
    if request.method == "POST":
        form = InterviewForm(request.POST, instance=interview, zone_name=zone)
        if form.is_valid():
            interview_update(interview=interview, user=user, data=form.interview_data())
            messages.success(request, _("Interview updated."))
            return redirect(reverse("jobs_detail", args=[application_id]) + "#interviews")
        status = 400
    else:
        form = InterviewForm(instance=interview, zone_name=zone)
        status = 200
    context = {"form": form, "interview": interview, "application": interview.application}
    return render(request, "jobs/interview_form.html", context, status=status)


@login_required
@require_POST
def interview_delete_view(
    request: HttpRequest, application_id: int, interview_id: int
) -> HttpResponse:
    user = _user(request)
    interview = interview_for_user(
        user=user, application_id=application_id, interview_id=interview_id
    )
    interview_delete(interview=interview)
    messages.success(request, _("Interview removed."))
    return redirect(reverse("jobs_detail", args=[application_id]) + "#interviews")


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def interview_ics(request: HttpRequest, application_id: int, interview_id: int) -> HttpResponse:
    interview = interview_for_user(
        user=_user(request), application_id=application_id, interview_id=interview_id
    )
    body = ics.calendar(
        [interview],
        host=request.get_host().split(":")[0],
        name=str(interview.application),
        now=timezone.now(),
    )
    return _ics_response(body, f"interview-{interview.pk}.ics")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribed calendar: no login (calendar apps cannot sign in), the secret token is the
    credential. Scoped to this host's tenant; a revoked or unknown token is a plain 404."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    feed = calendar_feed_by_token(token=token.removesuffix(".ics"))
    if feed is None or membership_for_user(user=feed.user) is None:
        raise Http404
    now = timezone.now()
    calendar_feed_touch(feed=feed, now=now)
    body = ics.calendar(
        interviews_for_feed(user=feed.user, now=now),
        host=request.get_host().split(":")[0],
        name=_("Interviews — %(brand)s") % {"brand": request.tenant.brand_name},  # type: ignore[attr-defined]
        now=now,
    )
    response = _ics_response(body, "interviews.ics")
    response["Content-Disposition"] = 'inline; filename="interviews.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- import -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (every row with its errors; nothing saved) → confirm (valid rows saved).
    The uploaded text waits in the session between the two steps, so nothing is re-uploaded."""
    user = _user(request)
    if request.method == "POST" and request.POST.get("confirm"):
        raw = request.session.get(IMPORT_SESSION_KEY)
        if not raw:
            messages.error(request, _("The preview expired: upload the file again."))
            return redirect("jobs_import")
        rows = csvio.parse_csv(raw.encode(), user=user)
        created = 0
        for row in rows:
            if row.ok and row.cleaned is not None:
                application_create(user=user, tenant=request.tenant, **row.cleaned)  # type: ignore[attr-defined]
                created += 1
        del request.session[IMPORT_SESSION_KEY]
        skipped = len(rows) - created
        messages.success(
            request,
            _("%(created)d applications imported, %(skipped)d rows skipped.")
            % {"created": created, "skipped": skipped},
        )
        return redirect("jobs_list")
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw_bytes = upload.read(csvio.MAX_BYTES + 1)
        try:
            rows = csvio.parse_csv(raw_bytes, user=user)
        except csvio.CsvError as error:
            form.add_error("file", str(error))
        else:
            request.session[IMPORT_SESSION_KEY] = raw_bytes.decode("utf-8-sig", errors="replace")
            valid = sum(1 for r in rows if r.ok)
            context = {
                "form": CsvImportForm(),
                "rows": rows,
                "valid": valid,
                "invalid": len(rows) - valid,
                "filename": upload.name,
                "columns": ("company", "title", "status", "location", "applied_on", "salary"),
            }
            return render(request, "jobs/import.html", context)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "columns": csvio.COLUMNS, "rows": []}
    return render(request, "jobs/import.html", context, status=status)


# --- reminders ----------------------------------------------------------------------------------


@login_required
@require_POST
def reminder_dismiss(request: HttpRequest, reminder_id: int) -> HttpResponse:
    if not reminder_mark_read(user=_user(request), reminder_id=reminder_id):
        raise Http404
    if _is_htmx(request):
        return HttpResponse("")
    return redirect(request.POST.get("next") or reverse("dashboard"))


@login_required
@require_http_methods(["GET", "POST"])
def settings_reminders(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = reminder_settings_for_user(user=user)
    if request.method == "POST" and request.POST.get("feed"):
        action = request.POST["feed"]
        if action == "enable":
            calendar_feed_enable(user=user)
            messages.success(request, _("Your calendar link is ready."))
        elif action == "rotate":
            calendar_feed_rotate(user=user)
            messages.success(request, _("New link created; the old one no longer works."))
        elif action == "revoke":
            calendar_feed_revoke(user=user)
            messages.success(request, _("Calendar link turned off."))
        return redirect("settings_reminders")
    form = ReminderSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        reminder_settings_update(user=user, data=dict(form.cleaned_data))
        messages.success(request, _("Reminder settings saved."))
        return redirect("settings_reminders")
    feed = calendar_feed_for_user(user=user)
    feed_url = (
        request.build_absolute_uri(reverse("jobs_calendar_feed", args=[feed.token]))
        if feed is not None
        else ""
    )
    context = {"form": form, "feed": feed, "feed_url": feed_url, "zone": _zone_name(request)}
    return render(
        request,
        "jobs/settings_reminders.html",
        context,
        status=400 if request.method == "POST" else 200,
    )

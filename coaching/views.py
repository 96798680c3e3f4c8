"""Coaching pages. Thin: validate, call one service, render. Every row is fetched through the
signed-in user (and the tenant, via the default manager): another user's, another tenant's and a
missing one all answer 404."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.models import Tenant, User
from coaching import selectors, services
from coaching.forms import (
    LetterEditForm,
    LetterForm,
    MessageForm,
    PracticeForm,
    RenameForm,
    StoryForm,
)
from coaching.models import Generation, InterviewPack, Letter, Message
from jobs.models import Application, Interview
from jobs.selectors import application_for_user, interview_for_user


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _tenant(request: HttpRequest) -> Tenant:
    tenant = getattr(request, "tenant", None)
    assert isinstance(tenant, Tenant)
    return tenant


def _problem(request: HttpRequest, exc: Exception) -> dict[str, Any]:
    """A clear message for why a generation did not happen (and what to do about it)."""
    if isinstance(exc, services.AIRestricted):
        return {
            "kind": "restricted",
            "message": _(
                "You've restricted AI processing of your data, so the coach can't generate "
                "anything for you. You can change this in Data & Privacy settings."
            ),
            "url": reverse("settings_privacy"),
            "link": _("Data & Privacy settings"),
        }
    if isinstance(exc, services.RateLimited):
        return {
            "kind": "rate_limited",
            "message": _("You are going fast: wait a minute before asking the coach again."),
            "url": "",
            "link": "",
        }
    if isinstance(exc, services.QuotaReached):
        return {
            "kind": "quota",
            "message": exc.message,
            "url": exc.upgrade_url or reverse("billing"),
            "link": _("See plans"),
        }
    return {
        "kind": "unavailable",
        "message": _("The AI coach is temporarily unavailable. Nothing was used up: try again."),
        "url": "",
        "link": "",
    }


_PROBLEM_STATUS = {"restricted": 403, "quota": 402, "unavailable": 503, "rate_limited": 429}
_AI_ERRORS = (
    services.AIRestricted,
    services.QuotaReached,
    services.CoachUnavailable,
    services.RateLimited,
)


# --- hub ---------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "coaching/home.html",
        {
            "letters": list(selectors.letters_for_user(user=user)[:5]),
            "packs": list(selectors.packs_for_user(user=user)[:5]),
            "conversations": selectors.conversations_for_user(user=user)[:5],
            "story_count": len(selectors.stories_for_user(user=user)),
        },
    )


# --- letters -----------------------------------------------------------------------------------


def _application_choices(user: User) -> list[tuple[int, str]]:
    rows = (
        Application.objects.filter(user=user)
        .only("id", "tenant_id", "company", "title")
        .order_by("-updated_at", "-id")[:200]
    )
    return [(a.pk, f"{a.title} — {a.company}") for a in rows]


@login_required
@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coaching/letters.html",
        {"letters": selectors.letters_for_user(user=_user(request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    cv_choices = [(c.value, c.label) for c in selectors.cv_choices(user=user)]
    applications = _application_choices(user)
    problem: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST, applications=applications, cv_choices=cv_choices)
        if form.is_valid():
            data = form.cleaned_data
            application = (
                application_for_user(user=user, application_id=data["application"])
                if data["application"]
                else None
            )
            chosen = selectors.cv_for_choice(user=user, value=data["cv"])
            if chosen is None:
                raise Http404
            resume, version, _cv_data = chosen
            interview = _interview_param(request, user, application)
            try:
                letter = services.letter_start(
                    user=user,
                    tenant=_tenant(request),
                    kind=data["kind"],
                    resume=resume,
                    resume_version=version,
                    application=application,
                    interview=interview,
                    company=data["company"],
                    job_title=data["job_title"],
                    job_description=data["job_description"],
                    tone=data["tone"],
                    length=data["length"],
                    language=data["language"],
                )
            except _AI_ERRORS as exc:
                problem = _problem(request, exc)
                status = _PROBLEM_STATUS[problem["kind"]]
            else:
                # A worker writes it; the letter's page shows progress, then the draft.
                return redirect("coach_letter", letter_id=letter.pk)
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"kind": request.GET.get("kind") or Letter.Kind.COVER_LETTER}
        application_id = request.GET.get("application", "")
        application_resume = None
        if application_id.isdigit():
            application = application_for_user(user=user, application_id=int(application_id))
            initial["application"] = application.pk
            application_resume = application.resume_id
        initial["cv"] = selectors.default_cv_choice(
            user=user, application_resume_id=application_resume
        )
        # The letter's language defaults to the one the user reads the app in.
        active_language = str(getattr(request, "LANGUAGE_CODE", "") or "")[:2].lower()
        if active_language in ("en", "it", "fr"):
            initial["language"] = active_language
        form = LetterForm(initial=initial, applications=applications, cv_choices=cv_choices)
    return render(
        request,
        "coaching/letter_new.html",
        {
            "form": form,
            "problem": problem,
            "has_cv": bool(cv_choices),
            "interview_id": request.GET.get("interview", ""),
        },
        status=status,
    )


def _interview_param(
    request: HttpRequest, user: User, application: Application | None
) -> Interview | None:
    raw = request.POST.get("interview") or request.GET.get("interview") or ""
    if application is None or not raw.isdigit():
        return None
    return interview_for_user(user=user, application_id=application.pk, interview_id=int(raw))


def _letter_context(letter: Letter, **extra: Any) -> dict[str, Any]:
    current = selectors.letter_current(letter=letter)
    form = extra.pop("form", None) or LetterEditForm(
        initial={
            "subject": current.subject if current else "",
            "body": current.body if current else "",
        }
    )
    return {
        "letter": letter,
        "current": current,
        "versions": list(letter.versions.all()),
        "form": form,
        **extra,
    }


@login_required
@require_GET
def letter_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = selectors.letter_for_user(user=_user(request), letter_id=letter_id)
    context = _letter_context(letter)
    if letter.status != Generation.READY:
        context.update(_generation_context(letter))
    return render(request, "coaching/letter.html", context)


def _generation_response(request: HttpRequest, row: Letter | InterviewPack) -> HttpResponse:
    """The live-status partial a letter's or pack's page polls while a worker writes it.
    Once it is no longer generating, htmx reloads the page (the result, or the failure and
    Try again)."""
    if request.headers.get("HX-Request") and row.status != Generation.GENERATING:
        return HttpResponseClientRefresh()
    return render(request, "coaching/_generation.html", _generation_context(row))


def _generation_context(row: Letter | InterviewPack) -> dict[str, Any]:
    if isinstance(row, Letter):
        status_url = reverse("coach_letter_status", kwargs={"letter_id": row.pk})
        retry_url = reverse("coach_letter_retry", kwargs={"letter_id": row.pk})
        page_url = reverse("coach_letter", kwargs={"letter_id": row.pk})
    else:
        status_url = reverse("coach_pack_status", kwargs={"pack_id": row.pk})
        retry_url = reverse("coach_pack_retry", kwargs={"pack_id": row.pk})
        page_url = reverse("coach_pack", kwargs={"pack_id": row.pk})
    return {
        "generation": row,
        "is_letter": isinstance(row, Letter),
        "status_url": status_url,
        "retry_url": retry_url,
        "page_url": page_url,
    }


@login_required
@require_GET
def letter_status(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = selectors.letter_for_user(user=_user(request), letter_id=letter_id)
    return _generation_response(request, letter)


@login_required
@require_POST
def letter_retry(request: HttpRequest, letter_id: int) -> HttpResponse:
    user = _user(request)
    letter = selectors.letter_for_user(user=user, letter_id=letter_id)
    try:
        services.letter_retry(letter=letter, user=user, tenant=_tenant(request))
    except _AI_ERRORS as exc:
        problem = _problem(request, exc)
        return render(
            request,
            "coaching/letter.html",
            {**_letter_context(letter), **_generation_context(letter), "problem": problem},
            status=_PROBLEM_STATUS[problem["kind"]],
        )
    return redirect("coach_letter", letter_id=letter.pk)


@login_required
@require_POST
def letter_edit(request: HttpRequest, letter_id: int) -> HttpResponse:
    user = _user(request)
    letter = selectors.letter_for_user(user=user, letter_id=letter_id)
    if letter.status != Generation.READY:
        return redirect("coach_letter", letter_id=letter.pk)
    form = LetterEditForm(request.POST)
    saved = False
    form_or_none: LetterEditForm | None = form
    if form.is_valid():
        services.letter_edit(
            letter=letter, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
        )
        saved = True
        letter = selectors.letter_for_user(user=user, letter_id=letter_id)
        form_or_none = None
    context = _letter_context(letter, form=form_or_none, saved=saved)
    if request.headers.get("HX-Request"):
        return render(
            request, "coaching/_letter_editor.html", context, status=200 if saved else 400
        )
    if saved:
        messages.success(request, _("Saved as a new version."))
        return redirect("coach_letter", letter_id=letter.pk)
    return render(request, "coaching/letter.html", context, status=400)


@login_required
@require_POST
def letter_restore(request: HttpRequest, letter_id: int, number: int) -> HttpResponse:
    letter = selectors.letter_for_user(user=_user(request), letter_id=letter_id)
    version = selectors.letter_version_for(letter=letter, number=number)
    services.letter_restore(letter=letter, version=version)
    messages.success(
        request, _("Version %(number)s restored as the current text.") % {"number": number}
    )
    return redirect("coach_letter", letter_id=letter.pk)


@login_required
@require_POST
def letter_attach(request: HttpRequest, letter_id: int) -> HttpResponse:
    user = _user(request)
    letter = selectors.letter_for_user(user=user, letter_id=letter_id)
    if letter.application is None or letter.status != Generation.READY:
        raise Http404
    services.letter_attach(letter=letter, user=user)
    messages.success(
        request,
        _("Attached to your application for %(title)s at %(company)s.")
        % {"title": letter.application.title, "company": letter.application.company},
    )
    return redirect("coach_letter", letter_id=letter.pk)


@login_required
@require_GET
def letter_export(request: HttpRequest, letter_id: int, fmt: str) -> HttpResponse:
    letter = selectors.letter_for_user(user=_user(request), letter_id=letter_id)
    if fmt not in ("docx", "pdf"):
        raise Http404
    number = request.GET.get("version", "")
    version = (
        selectors.letter_version_for(letter=letter, number=int(number))
        if number.isdigit()
        else selectors.letter_current(letter=letter)
    )
    if version is None:
        raise Http404
    content = services.letter_export(letter=letter, version=version, fmt=fmt)
    name = slugify(f"{letter.get_kind_display()} {letter.company}") or "letter"
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}-v{version.number}.{fmt}"'
    return response


@login_required
@require_POST
def letter_delete(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = selectors.letter_for_user(user=_user(request), letter_id=letter_id)
    services.letter_delete(letter=letter)
    messages.success(request, _("Letter deleted."))
    return redirect("coach_letters")


# --- interview preparation -----------------------------------------------------------------------


@login_required
@require_GET
def prep_list(request: HttpRequest) -> HttpResponse:
    from jobs.selectors import dashboard_for_user

    user = _user(request)
    return render(
        request,
        "coaching/prep.html",
        {
            "packs": selectors.packs_for_user(user=user),
            "upcoming": dashboard_for_user(user=user).upcoming_interviews,
            "applications": _application_choices(user),
        },
    )


@login_required
@require_GET
def prep_for_interview(
    request: HttpRequest, application_id: int, interview_id: int
) -> HttpResponse:
    """The interview's latest pack, or the page offering to prepare one (GET never generates)."""
    user = _user(request)
    interview = interview_for_user(
        user=user, application_id=application_id, interview_id=interview_id
    )
    pack = selectors.pack_latest_for_interview(user=user, interview_id=interview.pk)
    if pack is not None:
        return redirect("coach_pack", pack_id=pack.pk)
    return render(
        request,
        "coaching/prep_start.html",
        {"application": interview.application, "interview": interview},
    )


@login_required
@require_POST
def pack_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    raw_application = request.POST.get("application", "")
    if not raw_application.isdigit():
        messages.error(request, _("Choose an application to prepare for."))
        return redirect("coach_prep")
    application = application_for_user(user=user, application_id=int(raw_application))
    interview = _interview_param(request, user, application)
    try:
        pack = services.pack_start(
            user=user, tenant=_tenant(request), application=application, interview=interview
        )
    except _AI_ERRORS as exc:
        problem = _problem(request, exc)
        return render(
            request,
            "coaching/prep_start.html",
            {"application": application, "interview": interview, "problem": problem},
            status=_PROBLEM_STATUS[problem["kind"]],
        )
    return redirect("coach_pack", pack_id=pack.pk)


_CATEGORY_LABELS = {
    "behavioural": _("Behavioural"),
    "role": _("About the role"),
    "company": _("About the company"),
    "gap": _("Gaps to address"),
}


@login_required
@require_GET
def pack_detail(request: HttpRequest, pack_id: int) -> HttpResponse:
    user = _user(request)
    pack = selectors.pack_for_user(user=user, pack_id=pack_id)
    if pack.status != Generation.READY:
        return render(request, "coaching/pack.html", {"pack": pack, **_generation_context(pack)})
    groups: dict[str, list[dict[str, Any]]] = {key: [] for key in _CATEGORY_LABELS}
    for entry in pack.questions or []:
        if isinstance(entry, dict):
            groups.setdefault(str(entry.get("category") or "behavioural"), []).append(entry)
    attempts = selectors.attempts_for_pack(user=user, pack=pack)
    best: dict[str, int] = {}
    for attempt in attempts:
        best[attempt.question_id] = max(best.get(attempt.question_id, 0), attempt.total)
    return render(
        request,
        "coaching/pack.html",
        {
            "pack": pack,
            "groups": [
                (key, str(_CATEGORY_LABELS.get(key, key)), items)
                for key, items in groups.items()
                if items
            ],
            "best": best,
            "attempt_count": len(attempts),
        },
    )


@login_required
@require_GET
def pack_status(request: HttpRequest, pack_id: int) -> HttpResponse:
    pack = selectors.pack_for_user(user=_user(request), pack_id=pack_id)
    return _generation_response(request, pack)


@login_required
@require_POST
def pack_retry(request: HttpRequest, pack_id: int) -> HttpResponse:
    user = _user(request)
    pack = selectors.pack_for_user(user=user, pack_id=pack_id)
    try:
        services.pack_retry(pack=pack, user=user, tenant=_tenant(request))
    except _AI_ERRORS as exc:
        problem = _problem(request, exc)
        return render(
            request,
            "coaching/pack.html",
            {"pack": pack, **_generation_context(pack), "problem": problem},
            status=_PROBLEM_STATUS[problem["kind"]],
        )
    return redirect("coach_pack", pack_id=pack.pk)


@login_required
@require_http_methods(["GET", "POST"])
def practice(request: HttpRequest, pack_id: int, question_id: str) -> HttpResponse:
    user = _user(request)
    pack = selectors.pack_for_user(user=user, pack_id=pack_id)
    question = pack.question(question_id)
    if question is None:
        raise Http404
    attempt = None
    problem = None
    status = 200
    if request.method == "POST":
        form = PracticeForm(request.POST)
        if form.is_valid():
            try:
                attempt = services.practice_submit(
                    user=user,
                    tenant=_tenant(request),
                    pack=pack,
                    question_id=question_id,
                    answer=form.cleaned_data["answer"],
                )
            except _AI_ERRORS as exc:
                problem = _problem(request, exc)
                status = _PROBLEM_STATUS[problem["kind"]]
        else:
            status = 400
    else:
        form = PracticeForm()
    previous = [
        a for a in selectors.attempts_for_pack(user=user, pack=pack) if a.question_id == question_id
    ]
    return render(
        request,
        "coaching/practice.html",
        {
            "pack": pack,
            "question": question,
            "form": form,
            "attempt": attempt,
            "previous": [a for a in previous if attempt is None or a.pk != attempt.pk],
            "problem": problem,
            "rubric": _rubric(attempt),
        },
        status=status,
    )


_RUBRIC_LABELS = {
    "structure": _("Structure (STAR)"),
    "relevance": _("Relevance"),
    "evidence": _("Evidence"),
    "length": _("Length"),
}


def _rubric(attempt: Any) -> list[tuple[str, int, int]]:
    if attempt is None:
        return []
    return [
        (str(label), int(attempt.scores.get(key, 0)), int(attempt.scores.get(key, 0)) * 20)
        for key, label in _RUBRIC_LABELS.items()
    ]


# --- story bank ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def story_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = 200
    if request.method == "POST":
        form = StoryForm(request.POST)
        if form.is_valid():
            services.story_create(user=user, data=form.cleaned_data)
            messages.success(request, _("Story saved. It will be used in your next packs."))
            return redirect("coach_stories")
        status = 400
    else:
        form = StoryForm()
    return render(
        request,
        "coaching/stories.html",
        {"stories": selectors.stories_for_user(user=user), "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_for_user(user=_user(request), story_id=story_id)
    status = 200
    if request.method == "POST":
        form = StoryForm(request.POST, instance=story)
        if form.is_valid():
            services.story_update(story=story, data=form.cleaned_data)
            messages.success(request, _("Story updated."))
            return redirect("coach_stories")
        status = 400
    else:
        form = StoryForm(instance=story)
    return render(
        request, "coaching/story_edit.html", {"story": story, "form": form}, status=status
    )


@login_required
@require_POST
def story_delete(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_for_user(user=_user(request), story_id=story_id)
    services.story_delete(story=story)
    messages.success(request, _("Story deleted."))
    return redirect("coach_stories")


# --- career coach chat ---------------------------------------------------------------------------


@login_required
@require_GET
def chat(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    conversations = selectors.conversations_for_user(user=user)
    return render(
        request,
        "coaching/chat.html",
        {
            "conversations": conversations,
            "conversation": None,
            "context": services.coach_context(user=user),
            "form": MessageForm(),
            "restricted": services._ai_restricted(user, _tenant(request)),
        },
    )


@login_required
@require_POST
def conversation_new(request: HttpRequest) -> HttpResponse:
    conversation = services.conversation_create(user=_user(request))
    return redirect("coach_conversation", conversation_id=conversation.pk)


@login_required
@require_GET
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = _user(request)
    conversation = selectors.conversation_for_user(user=user, conversation_id=conversation_id)
    return render(
        request,
        "coaching/chat.html",
        {
            "conversations": selectors.conversations_for_user(user=user),
            "conversation": conversation,
            "chat_messages": selectors.messages_for_conversation(conversation=conversation),
            "context": services.coach_context(user=user),
            "form": MessageForm(),
            "rename_form": RenameForm(initial={"title": conversation.display_title}),
            "restricted": services._ai_restricted(user, _tenant(request)),
        },
    )


@login_required
@require_POST
def conversation_rename(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.conversation_for_user(
        user=_user(request), conversation_id=conversation_id
    )
    form = RenameForm(request.POST)
    if form.is_valid():
        services.conversation_rename(conversation=conversation, title=form.cleaned_data["title"])
        messages.success(request, _("Conversation renamed."))
    else:
        messages.error(request, _("A conversation needs a title."))
    return redirect("coach_conversation", conversation_id=conversation.pk)


@login_required
@require_POST
def conversation_delete(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.conversation_for_user(
        user=_user(request), conversation_id=conversation_id
    )
    services.conversation_delete(conversation=conversation)
    messages.success(request, _("Conversation deleted."))
    return redirect("coach_chat")


_EMPTY_MESSAGE = _lazy("Type a message first (at most 4,000 characters).")


@login_required
@require_POST
def message_send(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Record the question and a pending answer; the page then streams the answer from
    `message_stream`. htmx gets the two new bubbles; without JS, a redirect."""
    user = _user(request)
    conversation = selectors.conversation_for_user(user=user, conversation_id=conversation_id)
    form = MessageForm(request.POST)
    htmx = bool(request.headers.get("HX-Request"))
    if not form.is_valid():
        if htmx:
            problem = {"kind": "invalid", "message": _EMPTY_MESSAGE}
            return render(request, "coaching/_chat_problem.html", {"problem": problem}, status=400)
        messages.error(request, _EMPTY_MESSAGE)
        return redirect("coach_conversation", conversation_id=conversation.pk)
    try:
        sent = services.message_send(
            user=user,
            tenant=_tenant(request),
            conversation=conversation,
            text=form.cleaned_data["text"],
            language=getattr(request, "LANGUAGE_CODE", None),
        )
    except _AI_ERRORS as exc:
        failure: dict[str, Any] = _problem(request, exc)
        if htmx:
            return render(
                request, "coaching/_chat_problem.html", {"problem": failure},
                status=_PROBLEM_STATUS[str(failure["kind"])],
            )  # fmt: skip
        messages.error(request, str(failure["message"]))
        return redirect("coach_conversation", conversation_id=conversation.pk)
    if htmx:
        return render(
            request,
            "coaching/_exchange.html",
            {"conversation": conversation, "chat_messages": [sent.question, sent.answer]},
        )
    return redirect("coach_conversation", conversation_id=conversation.pk)


@login_required
@require_GET
def message_stream(
    request: HttpRequest, conversation_id: int, message_id: int
) -> StreamingHttpResponse:
    """Server-sent events: `delta` events carry the answer's text as it is generated, then one
    `done` (or `error`). The database work happens in the service *before* this returns (inside
    the request's tenant transaction); the generator re-enters the tenant context to save."""
    user = _user(request)
    message = selectors.message_for_user(
        user=user, conversation_id=conversation_id, message_id=message_id
    )
    events = services.message_stream(
        user=user,
        tenant=_tenant(request),
        message=message,
        language=getattr(request, "LANGUAGE_CODE", None),
    )
    response = StreamingHttpResponse(_sse(events), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


def _sse(events: Iterator[tuple[str, str]]) -> Iterator[str]:
    yield "retry: 60000\n\n"
    for event, data in events:
        yield f"event: {event}\ndata: {json.dumps({'text': data})}\n\n"


@login_required
@require_POST
def message_action(
    request: HttpRequest, conversation_id: int, message_id: int, action_id: str
) -> HttpResponse:
    """Confirm (or dismiss) an action the coach proposed: nothing happens without this POST."""
    user = _user(request)
    message = selectors.message_for_user(
        user=user, conversation_id=conversation_id, message_id=message_id
    )
    if message.role != Message.Role.ASSISTANT:
        raise Http404
    back = reverse("coach_conversation", kwargs={"conversation_id": conversation_id})
    if request.POST.get("decision") == "dismiss":
        services.action_dismiss(message=message, action_id=action_id)
        return redirect(back)
    try:
        result = services.action_confirm(
            user=user, tenant=_tenant(request), message=message, action_id=action_id
        )
    except _AI_ERRORS as exc:
        messages.error(request, _problem(request, exc)["message"])
        return redirect(back)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if result.application is not None:
        messages.success(request, _("Added to your wishlist."))
        return redirect("jobs_detail", application_id=result.application.pk)
    if result.letter is not None:
        messages.success(request, _("Drafting your follow-up. Review and edit it before sending."))
        return redirect("coach_letter", letter_id=result.letter.pk)
    if result.pack is not None:
        return redirect("coach_pack", pack_id=result.pack.pk)
    return redirect(back)

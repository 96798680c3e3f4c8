"""Job Radar pages. Thin: validate, call one service, render. Every search and listing is looked
up by the signed-in user (and the tenant, via the default manager): another user's, another
tenant's and a missing one all answer 404."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.models import Tenant, User
from billing.entitlements import QuotaExceeded, entitlement_consume
from jobmentis.tenancy.tasks import enqueue_on_commit
from jobs.radar.forms import RadarSettingsForm, SavedSearchForm
from jobs.radar.models import ListingScore, SavedSearch
from jobs.radar.selectors import (
    listing_score_for_user,
    primary_resume_for_user,
    radar_settings_for_user,
    saved_search_for_user,
    saved_searches_for_user,
    scores_are_stale,
    search_results,
    top_matches_for_user,
)
from jobs.radar.services import (
    listing_save_to_tracker,
    radar_settings_update,
    saved_search_create,
    saved_search_delete,
    saved_search_refresh_request,
    saved_search_update,
)
from jobs.radar.sources import enabled_sources
from jobs.radar.sources.base import SourceError
from jobs.radar.tasks import radar_rescore_user
from resumes.selectors import match_score_report

PAGE_SIZE = 20
ERROR_MESSAGES = {
    "source_unavailable": _(
        "The job board did not answer. We will try again shortly; curated listings are shown."
    ),
    "source_rate_limited": _(
        "We asked the job board too often in the last minute. The search runs again shortly."
    ),
    "source_auth": _("The job board refused our access keys. Your career centre has been told."),
    "source_bad_request": _("The job board could not run this search: check the location."),
    "source_bad_response": _("The job board answered with something we could not read."),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _tenant(request: HttpRequest) -> Tenant:
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    return tenant


def _search_or_404(request: HttpRequest, search_id: int) -> SavedSearch:
    search = saved_search_for_user(user=_user(request), search_id=search_id)
    if search is None:
        raise Http404
    return search


def _score_or_404(request: HttpRequest, listing_id: int) -> ListingScore:
    score = listing_score_for_user(user=_user(request), listing_id=listing_id)
    if score is None:
        raise Http404
    return score


def _rescore_if_stale(request: HttpRequest) -> bool:
    """Queue a re-score when the user's primary CV changed since their scores were computed.
    Debounced per user: a page reload does not queue it again."""
    user = _user(request)
    resume = primary_resume_for_user(user=user)
    if not scores_are_stale(user=user, resume=resume):
        return False
    key = f"radar:rescore:{_tenant(request).pk}:{user.pk}"
    if cache.add(key, 1, timeout=120):
        enqueue_on_commit(radar_rescore_user, user_id=user.pk)
    return True


def _error_message(code: str) -> str:
    return str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["source_unavailable"])) if code else ""


def _sources_context() -> dict[str, Any]:
    sources = enabled_sources()
    return {
        "remote_sources": [source.key for source in sources if source.remote],
    }


@login_required
@require_GET
def radar_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "searches": list(saved_searches_for_user(user=user)),
        "top_matches": top_matches_for_user(user=user),
        "resume": primary_resume_for_user(user=user),
        "rescoring": _rescore_if_stale(request),
        "radar_settings": radar_settings_for_user(user=user),
        **_sources_context(),
    }
    return render(request, "radar/home.html", context)


def _run_now(request: HttpRequest, search: SavedSearch) -> None:
    try:
        result = saved_search_refresh_request(search=search)
    except SourceError as exc:  # a local source failing is a bug; say so without a 500
        messages.error(request, _error_message(exc.code))
        return
    if search.status == SavedSearch.Status.QUEUED:
        messages.success(
            request,
            _("%(count)s curated listings found; fetching more from the job board…")
            % {"count": result.found},
        )
    else:
        messages.success(request, _("%(count)s listings found.") % {"count": result.found})


@login_required
@require_http_methods(["GET", "POST"])
def search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                entitlement_consume(
                    user=_user(request), tenant=_tenant(request), feature="saved_search"
                )
            except QuotaExceeded as exceeded:
                form.add_error(None, exceeded.message)
                return render(request, "radar/search_form.html", {"form": form}, status=403)
            search = saved_search_create(user=_user(request), data=form.cleaned_data)
            _run_now(request, search)
            return redirect("jobs_radar_search", search_id=search.pk)
        return render(request, "radar/search_form.html", {"form": form}, status=400)
    return render(request, "radar/search_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def search_edit(request: HttpRequest, search_id: int) -> HttpResponse:
    search = _search_or_404(request, search_id)
    # The form validates a copy: a ModelForm writes its values onto its instance, and the
    # service must see the search as it was to tell whether the query changed.
    form = SavedSearchForm(request.POST or None, instance=copy.copy(search))
    context = {"form": form, "search": search}
    if request.method == "POST":
        if form.is_valid():
            search = saved_search_update(search=search, data=form.cleaned_data)
            _run_now(request, search)
            return redirect("jobs_radar_search", search_id=search.pk)
        return render(request, "radar/search_form.html", context, status=400)
    return render(request, "radar/search_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def search_delete(request: HttpRequest, search_id: int) -> HttpResponse:
    search = _search_or_404(request, search_id)
    if request.method == "POST":
        name = search.name
        saved_search_delete(search=search)
        messages.success(request, _("The search “%(name)s” was deleted.") % {"name": name})
        return redirect("jobs_radar")
    return render(request, "radar/search_delete.html", {"search": search})


@login_required
@require_GET
def search_detail(request: HttpRequest, search_id: int) -> HttpResponse:
    user = _user(request)
    search = _search_or_404(request, search_id)
    page = Paginator(search_results(user=user, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "search": search,
        "page": page,
        "results": list(page.object_list),
        "resume": primary_resume_for_user(user=user),
        "rescoring": _rescore_if_stale(request),
        "error_message": _error_message(search.error_code),
        **_sources_context(),
    }
    return render(request, "radar/search_detail.html", context)


@login_required
@require_POST
def search_run(request: HttpRequest, search_id: int) -> HttpResponse:
    search = _search_or_404(request, search_id)
    _run_now(request, search)
    return redirect("jobs_radar_search", search_id=search.pk)


@login_required
@require_GET
def search_status(request: HttpRequest, search_id: int) -> HttpResponse:
    """The partial the results page polls while a worker fetches from a remote source."""
    search = _search_or_404(request, search_id)
    if request.htmx and search.status != SavedSearch.Status.QUEUED:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    context = {"search": search, "error_message": _error_message(search.error_code)}
    return render(request, "radar/search_detail.html#status", context)


@login_required
@require_GET
def listing_detail(request: HttpRequest, listing_id: int) -> HttpResponse:
    score = _score_or_404(request, listing_id)
    context = {
        "score": score,
        "listing": score.listing,
        # The same shape as a CV's match score (resumes.scoring's breakdown): same report.
        "report": match_score_report(match=score) if score.score is not None else None,  # type: ignore[arg-type]
        "resume": primary_resume_for_user(user=_user(request)),
    }
    return render(request, "radar/listing_detail.html", context)


@login_required
@require_POST
def listing_save(request: HttpRequest, listing_id: int) -> HttpResponse:
    """One click: the listing becomes a wishlist card on the tracker board."""
    score = _score_or_404(request, listing_id)
    already = score.application_id is not None
    listing_save_to_tracker(user=_user(request), tenant=_tenant(request), score=score)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "radar/_save_button.html", {"score": score, "just_saved": True})
    if already:
        messages.info(request, _("This job is already on your board."))
    else:
        messages.success(request, _("Saved to your board as a wishlist job."))
    return redirect("jobs_radar_listing", listing_id=listing_id)


@login_required
@require_http_methods(["GET", "POST"])
def radar_alerts(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = radar_settings_for_user(user=user)
    form = RadarSettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            radar_settings_update(
                user=user,
                digest=form.cleaned_data["digest"],
                threshold=form.cleaned_data["threshold"],
            )
            messages.success(request, _("Your e-mail alerts were saved."))
            return redirect("jobs_radar_alerts")
        return render(request, "radar/alerts.html", {"form": form}, status=400)
    return render(request, "radar/alerts.html", {"form": form})

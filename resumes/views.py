"""CV pages. Thin: validate input, call one service, render. Every CV is fetched by the
signed-in user (and the tenant, via the default manager): another user's, another tenant's and
a missing CV all answer 404."""

from __future__ import annotations

import json
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.models import User
from billing.entitlements import QuotaExceeded, entitlement_consume
from jobmentis.ai.exceptions import AIProcessingRestricted
from privacy.consent.interfaces import AI_RESTRICTED_MESSAGE
from resumes.forms import (
    JsonResumeImportForm,
    OptimiseForm,
    ResumeEditor,
    ResumeRenameForm,
    ResumeUploadForm,
    VersionNameForm,
    edit_initial,
)
from resumes.matching import MatchForm
from resumes.models import MatchScore, Resume, ResumeVersion
from resumes.selectors import (
    match_score_for_user,
    match_score_report,
    match_scores_for_resume,
    optimisation_counts,
    optimisation_for_user,
    optimisation_review,
    optimisations_for_resume,
    resume_error_message,
    resume_export,
    resume_for_user,
    resume_review,
    resume_with_same_file,
    resumes_for_user,
    suggestion_for,
    suggestion_view,
    version_for_user,
    versions_for_resume,
)
from resumes.services import (
    ConfirmationRequired,
    OptimisationUnavailable,
    QuotaReached,
    match_score_create,
    optimisation_create,
    optimisation_decide,
    resume_delete,
    resume_discard_edits,
    resume_import_json,
    resume_rename,
    resume_retry,
    resume_save_edits,
    resume_set_primary,
    resume_upload,
    version_create,
    version_delete,
    version_rename,
)

CONTENT_TYPES: dict[str, str] = {
    Resume.Kind.PDF: "application/pdf",
    Resume.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _upload_allowed(request: HttpRequest) -> bool:
    """A fixed one-hour window per user and tenant over uploads and imports (each costs a
    sandboxed parse and storage). The key carries the tenant, as every cache key does."""
    from django.conf import settings
    from django.core.cache import cache

    window = int(time.time() // 3600)
    key = f"resumes:uploads:{request.tenant.pk}:{request.user.pk}:{window}"  # type: ignore[attr-defined]
    cache.add(key, 0, timeout=3700)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one afresh
        cache.set(key, 1, timeout=3700)
        count = 1
    return count <= int(settings.RESUME_UPLOADS_PER_HOUR)


def _rate_limited(request: HttpRequest) -> HttpResponse:
    messages.error(
        request, _("You have uploaded many files in the last hour. Try again a little later.")
    )
    return _list_page(request, status=429)


def _resume_or_404(request: HttpRequest, resume_id: int, *, light: bool = False) -> Resume:
    resume = resume_for_user(user=_user(request), resume_id=resume_id, light=light)
    if resume is None:
        raise Http404
    return resume


def _list_page(
    request: HttpRequest,
    *,
    upload_form: ResumeUploadForm | None = None,
    import_form: JsonResumeImportForm | None = None,
    rejected_name: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "resumes/list.html",
        {
            "resumes": list(resumes_for_user(user=_user(request))),
            "upload_form": upload_form or ResumeUploadForm(),
            "import_form": import_form or JsonResumeImportForm(),
            "rejected_name": rejected_name,
        },
        status=status,
    )


@login_required
@require_GET
def resume_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_POST
def resume_upload_view(request: HttpRequest) -> HttpResponse:
    if not _upload_allowed(request):
        return _rate_limited(request)
    form = ResumeUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        rejected = request.FILES.get("file")
        name = (rejected.name or "") if rejected is not None else ""
        return _list_page(request, upload_form=form, rejected_name=name[:120], status=400)
    upload = form.cleaned_data["file"]
    validated = form.cleaned_data["validated"]
    existing = resume_with_same_file(user=_user(request), sha256=validated.sha256)
    if existing is not None:
        messages.info(
            request,
            _("You have already uploaded this file as “%(title)s”.") % {"title": existing.title},
        )
        return redirect("cvs_detail", resume_id=existing.pk)
    try:
        entitlement_consume(user=_user(request), tenant=request.tenant, feature="stored_cv")  # type: ignore[attr-defined]
    except QuotaExceeded as exceeded:
        messages.error(request, exceeded.message)
        return _list_page(request, status=403)
    resume = resume_upload(
        user=_user(request),
        upload=validated,
        original_filename=upload.name or "",
    )
    messages.success(request, _("“%(title)s” was uploaded.") % {"title": resume.title})
    return redirect("cvs_detail", resume_id=resume.pk)


@login_required
@require_POST
def resume_import_view(request: HttpRequest) -> HttpResponse:
    if not _upload_allowed(request):
        return _rate_limited(request)
    form = JsonResumeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, import_form=form, status=400)
    try:
        entitlement_consume(user=_user(request), tenant=request.tenant, feature="stored_cv")  # type: ignore[attr-defined]
    except QuotaExceeded as exceeded:
        messages.error(request, exceeded.message)
        return _list_page(request, status=403)
    resume = resume_import_json(
        user=_user(request),
        data=form.cleaned_data["data"],
        original_filename=form.cleaned_data["json_file"].name or "",
    )
    messages.success(request, _("“%(title)s” was imported.") % {"title": resume.title})
    return redirect("cvs_detail", resume_id=resume.pk)


def _detail_context(resume: Resume, editor: ResumeEditor | None = None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "resume": resume,
        "error_message": resume_error_message(resume=resume),
        "rename_form": ResumeRenameForm(initial={"title": resume.title}),
    }
    if resume.status == Resume.Status.PARSED:
        context["review"] = resume_review(resume=resume)
        context["versions"] = list(versions_for_resume(user=resume.user, resume=resume))
        context["editor"] = editor or ResumeEditor(initial=edit_initial(resume.data))
    return context


@login_required
@require_http_methods(["GET", "POST"])
def resume_detail(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id)
    if request.method == "POST":
        if resume.status != Resume.Status.PARSED:
            raise Http404
        editor = ResumeEditor(request.POST)
        if not editor.is_valid():
            messages.error(request, _("Please correct the highlighted fields."))
            return render(
                request, "resumes/detail.html", _detail_context(resume, editor), status=400
            )
        resume_save_edits(resume=resume, data=editor.to_data())
        messages.success(request, _("Your changes were saved."))
        return redirect("cvs_detail", resume_id=resume.pk)
    return render(request, "resumes/detail.html", _detail_context(resume))


@login_required
@require_GET
def resume_status(request: HttpRequest, resume_id: int) -> HttpResponse:
    """The live-status partial the detail page polls while the CV is being read."""
    resume = _resume_or_404(request, resume_id, light=True)
    if request.htmx and not resume.is_pending:  # type: ignore[attr-defined]
        # Finished: reload the page, which now shows the review (or the error and Retry).
        return HttpResponseClientRefresh()
    context = {"resume": resume, "error_message": resume_error_message(resume=resume)}
    return render(request, "resumes/detail.html#status", context)


@login_required
@require_POST
def resume_retry_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    resume_retry(resume=resume)
    return redirect("cvs_detail", resume_id=resume.pk)


@login_required
@require_POST
def resume_primary_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    resume_set_primary(user=_user(request), resume=resume)
    messages.success(request, _("“%(title)s” is now your primary CV.") % {"title": resume.title})
    if request.POST.get("next") == "detail":
        return redirect("cvs_detail", resume_id=resume.pk)
    return redirect("cvs")


@login_required
@require_POST
def resume_rename_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    form = ResumeRenameForm(request.POST)
    if form.is_valid():
        resume_rename(resume=resume, title=form.cleaned_data["title"])
        messages.success(request, _("The CV was renamed."))
    else:
        messages.error(request, _("Give the CV a title of at most 120 characters."))
    return redirect("cvs_detail", resume_id=resume.pk)


@login_required
@require_POST
def resume_discard_edits_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id)
    resume_discard_edits(resume=resume)
    messages.success(request, _("Your edits were discarded; the parsed data is shown again."))
    return redirect("cvs_detail", resume_id=resume.pk)


@login_required
@require_http_methods(["GET", "POST"])
def resume_delete_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    if request.method == "POST":
        title = resume.title
        resume_delete(user=_user(request), resume=resume)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("cvs")
    return render(request, "resumes/delete.html", {"resume": resume})


@login_required
@require_GET
def resume_download(request: HttpRequest, resume_id: int) -> FileResponse:
    """The original file, to its owner only, never cached by a shared proxy or sniffed."""
    resume = _resume_or_404(request, resume_id, light=True)
    if not resume.file or resume.kind not in CONTENT_TYPES:
        raise Http404
    try:
        handle = default_storage.open(resume.file.name or "", "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"{slugify(resume.title) or 'cv'}.{resume.kind}"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[resume.kind]
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def resume_export_json(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id)
    if resume.data is None:
        raise Http404
    body = json.dumps(resume_export(resume=resume), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"{slugify(resume.title) or 'cv'}.resume.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- match score ------------------------------------------------------------------------------


def _scorable_resume_or_404(request: HttpRequest, resume_id: int) -> Resume:
    resume = _resume_or_404(request, resume_id)
    if resume.status != Resume.Status.PARSED:
        raise Http404  # nothing to score until the CV has been read
    return resume


def _match_page(
    request: HttpRequest,
    resume: Resume,
    *,
    form: MatchForm,
    match: MatchScore | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "resume": resume,
        "form": form,
        "history": list(match_scores_for_resume(user=_user(request), resume=resume)),
    }
    if match is not None:
        context["match"] = match
        context["report"] = match_score_report(match=match)
        return render(request, "resumes/match_result.html", context, status=status)
    return render(request, "resumes/match_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def resume_match_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _scorable_resume_or_404(request, resume_id)
    if request.method == "POST":
        form = MatchForm(request.POST)
        if not form.is_valid():
            return _match_page(request, resume, form=form, status=400)
        match = match_score_create(
            user=_user(request),
            resume=resume,
            job_description=form.cleaned_data["job_description"],
            job_title=form.cleaned_data["job_title"],
        )
        return redirect("cvs_match_result", resume_id=resume.pk, match_id=match.pk)
    return _match_page(request, resume, form=MatchForm())


@login_required
@require_GET
def resume_match_result(request: HttpRequest, resume_id: int, match_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    match = match_score_for_user(user=_user(request), resume=resume, match_id=match_id)
    if match is None:
        raise Http404
    # "Score again" starts from the same ad: tweak the CV, then re-score in one click.
    form = MatchForm(
        initial={"job_description": match.job_description, "job_title": match.job_title}
    )
    return _match_page(request, resume, form=form, match=match)


# --- optimised versions -----------------------------------------------------------------------


def _optimisation_or_404(request: HttpRequest, resume: Resume, optimisation_id: int) -> Any:
    optimisation = optimisation_for_user(
        user=_user(request), resume=resume, optimisation_id=optimisation_id
    )
    if optimisation is None:
        raise Http404
    return optimisation


def _version_or_404(request: HttpRequest, resume: Resume, version_id: int) -> ResumeVersion:
    version = version_for_user(user=_user(request), resume=resume, version_id=version_id)
    if version is None:
        raise Http404
    return version


def _optimise_page(
    request: HttpRequest,
    resume: Resume,
    *,
    form: OptimiseForm,
    status: int = 200,
    quota_url: str | None = None,
) -> HttpResponse:
    context = {
        "resume": resume,
        "form": form,
        "optimisations": list(optimisations_for_resume(user=_user(request), resume=resume)),
        "quota_url": quota_url,
    }
    return render(request, "resumes/optimise_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def resume_optimise_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    """Start an optimisation: the job pasted here, or taken from one of the CV's scores."""
    resume = _scorable_resume_or_404(request, resume_id)
    user = _user(request)
    if request.method == "POST":
        form = OptimiseForm(request.POST)
        if not form.is_valid():
            return _optimise_page(request, resume, form=form, status=400)
        match_id = form.cleaned_data.get("match")
        match = (
            match_score_for_user(user=user, resume=resume, match_id=match_id) if match_id else None
        )
        try:
            optimisation = optimisation_create(
                user=user,
                resume=resume,
                job_description=form.cleaned_data["job_description"],
                job_title=form.cleaned_data["job_title"],
                match=match,
            )
        except QuotaReached as exc:
            messages.error(
                request,
                _(
                    "You have used all the CV optimisations your plan includes for now. "
                    "Upgrade your plan for more, or come back when your allowance renews."
                ),
            )
            return _optimise_page(
                request, resume, form=form, status=402, quota_url=exc.upgrade_url or ""
            )
        except AIProcessingRestricted:
            messages.error(request, AI_RESTRICTED_MESSAGE)
            return _optimise_page(request, resume, form=form, status=403)
        except OptimisationUnavailable:
            messages.error(
                request,
                _("The optimiser is temporarily unavailable. Nothing was used up: try again."),
            )
            return _optimise_page(request, resume, form=form, status=503)
        return redirect("cvs_optimisation", resume_id=resume.pk, optimisation_id=optimisation.pk)
    initial: dict[str, Any] = {}
    match_param = request.GET.get("match", "")
    if match_param.isdigit():
        match = match_score_for_user(user=user, resume=resume, match_id=int(match_param))
        if match is not None:
            initial = {
                "job_description": match.job_description,
                "job_title": match.job_title,
                "match": match.pk,
            }
    return _optimise_page(request, resume, form=OptimiseForm(initial=initial))


def _default_version_name(resume: Resume, job_title: str) -> str:
    return f"{resume.title} — {job_title}"[:120] if job_title else resume.title


def _review_context(request: HttpRequest, resume: Resume, optimisation: Any) -> dict[str, Any]:
    name = _default_version_name(resume, optimisation.job_title)
    return {
        "resume": resume,
        "optimisation": optimisation,
        "review": optimisation_review(optimisation=optimisation),
        "name_form": VersionNameForm(initial={"name": name}),
    }


@login_required
@require_GET
def resume_optimisation_view(
    request: HttpRequest, resume_id: int, optimisation_id: int
) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    optimisation = _optimisation_or_404(request, resume, optimisation_id)
    return render(
        request, "resumes/optimisation.html", _review_context(request, resume, optimisation)
    )


@login_required
@require_POST
def resume_suggestion_decide(
    request: HttpRequest, resume_id: int, optimisation_id: int
) -> HttpResponse:
    """Accept, reject or reset one suggestion. htmx swaps the suggestion's card and the
    counters in place; without JavaScript the review page is shown again."""
    resume = _resume_or_404(request, resume_id, light=True)
    optimisation = _optimisation_or_404(request, resume, optimisation_id)
    suggestion_id = request.POST.get("suggestion", "")
    decision = request.POST.get("decision", "")
    if suggestion_for(optimisation=optimisation, suggestion_id=suggestion_id) is None:
        raise Http404
    if decision not in ("accepted", "rejected", "pending"):
        return HttpResponse(_("Unknown decision."), status=400)
    needs_confirmation = False
    try:
        optimisation_decide(
            optimisation=optimisation,
            suggestion_id=suggestion_id,
            decision=decision,
            confirmed=request.POST.get("confirm") == "yes",
        )
    except ConfirmationRequired:
        needs_confirmation = True
    if not request.htmx:  # type: ignore[attr-defined]
        if needs_confirmation:
            messages.error(request, _("Tick the box to confirm this is true before applying it."))
        url = reverse("cvs_optimisation", args=[resume.pk, optimisation.pk])
        return redirect(f"{url}#suggestion-{suggestion_id}")
    entry = suggestion_for(optimisation=optimisation, suggestion_id=suggestion_id)
    assert entry is not None
    context = {
        "resume": resume,
        "optimisation": optimisation,
        "suggestion": suggestion_view(entry),
        "counts": optimisation_counts(optimisation=optimisation),
        "needs_confirmation": needs_confirmation,
        "oob": True,
    }
    return render(request, "resumes/_suggestion_swap.html", context)


@login_required
@require_POST
def resume_optimisation_save(
    request: HttpRequest, resume_id: int, optimisation_id: int
) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    optimisation = _optimisation_or_404(request, resume, optimisation_id)
    form = VersionNameForm(request.POST)
    if not form.is_valid():
        context = _review_context(request, resume, optimisation)
        context["name_form"] = form
        return render(request, "resumes/optimisation.html", context, status=400)
    version = version_create(
        user=_user(request), optimisation=optimisation, name=form.cleaned_data["name"]
    )
    messages.success(request, _("“%(name)s” was saved.") % {"name": version.name})
    return redirect("cvs_version", resume_id=resume.pk, version_id=version.pk)


def _export_context(data: Any) -> dict[str, Any]:
    from resumes.export import document_items, export_check

    items, _lang = document_items(data)
    return {
        "preview": items,
        "checks": [export_check(data, fmt) for fmt in ("docx", "pdf")],
    }


@login_required
@require_GET
def resume_version_view(request: HttpRequest, resume_id: int, version_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    version = _version_or_404(request, resume, version_id)
    context = {
        "resume": resume,
        "version": version,
        "rename_form": VersionNameForm(initial={"name": version.name}),
        **_export_context(version.data),
    }
    return render(request, "resumes/version.html", context)


@login_required
@require_POST
def resume_version_rename(request: HttpRequest, resume_id: int, version_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    version = _version_or_404(request, resume, version_id)
    form = VersionNameForm(request.POST)
    if form.is_valid():
        version_rename(version=version, name=form.cleaned_data["name"])
        messages.success(request, _("The version was renamed."))
    else:
        messages.error(request, _("Give the version a name of at most 120 characters."))
    return redirect("cvs_version", resume_id=resume.pk, version_id=version.pk)


@login_required
@require_POST
def resume_version_delete(request: HttpRequest, resume_id: int, version_id: int) -> HttpResponse:
    resume = _resume_or_404(request, resume_id, light=True)
    version = _version_or_404(request, resume, version_id)
    name = version.name
    version_delete(version=version)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
    return redirect("cvs_detail", resume_id=resume.pk)


@login_required
@require_GET
def resume_export_view(request: HttpRequest, resume_id: int) -> HttpResponse:
    """Download the CV's own data (the user's edit, else the parse) as DOCX or PDF."""
    resume = _scorable_resume_or_404(request, resume_id)
    context = {"resume": resume, **_export_context(resume.data)}
    return render(request, "resumes/export.html", context)


def _file_response(content: bytes, *, fmt: str, name: str) -> HttpResponse:
    from resumes.export import CONTENT_TYPES

    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{slugify(name) or 'cv'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def resume_export_file(request: HttpRequest, resume_id: int, fmt: str) -> HttpResponse:
    from resumes.export import render as export_render

    resume = _scorable_resume_or_404(request, resume_id)
    content = export_render(resume.data, fmt, title=resume.title)
    return _file_response(content, fmt=fmt, name=resume.title)


@login_required
@require_GET
def resume_version_file(
    request: HttpRequest, resume_id: int, version_id: int, fmt: str
) -> HttpResponse:
    from resumes.export import render as export_render

    resume = _resume_or_404(request, resume_id, light=True)
    version = _version_or_404(request, resume, version_id)
    content = export_render(version.data, fmt, title=version.name)
    return _file_response(content, fmt=fmt, name=version.name)

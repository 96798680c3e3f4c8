from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseForbidden,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.forms import ProfileForm, ProfilePictureForm
from accounts.images import CONTENT_TYPES
from accounts.models import Profile, User
from accounts.selectors import (
    plan_tier_for_user,
    privacy_overview_for_user,
    profile_completeness,
    profile_for_request,
    profile_for_user,
    security_overview_for_user,
    user_mfa_enabled,
)
from accounts.services import (
    membership_join,
    profile_picture_remove,
    profile_picture_set,
    profile_update,
)
from jobs.selectors import dashboard_for_user
from privacy.selectors import privacy_settings_context
from resumes.selectors import resumes_for_user

DASHBOARD_CV_COUNT = 3

# Features of later releases: the nav links to an honest "not available yet" page, never to
# fake data. Keyed by URL name.
UPCOMING_FEATURES: dict[str, dict[str, Any]] = {
    "jobs": {
        "title": gettext_lazy("Jobs"),
        "heading": gettext_lazy("Job tracking is coming soon"),
        "body": gettext_lazy(
            "Track applications and interviews, get reminders and browse curated job listings. "
            "This is not available on this workspace yet."
        ),
    },
    "coach": {
        "title": gettext_lazy("Coach"),
        "heading": gettext_lazy("Your career coach is coming soon"),
        "body": gettext_lazy(
            "Draft cover letters, practise interview questions and chat with an AI career coach. "
            "This is not available on this workspace yet."
        ),
    },
}


def _user(request: HttpRequest) -> User:
    # login_required has run: the user is a real User, not AnonymousUser.
    user = request.user
    assert isinstance(user, User)
    return user


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return redirect("account_login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = profile_for_request(request=request)
    cvs = resumes_for_user(user=user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "profile": profile,
            "recent_cvs": list(cvs[:DASHBOARD_CV_COUNT]),
            "cv_count": cvs.count(),
            "completeness": profile_completeness(profile=profile),
            "plan_tier": plan_tier_for_user(user=user),
            "mfa_enabled": user_mfa_enabled(user=user),
            "tracker": dashboard_for_user(user=user),
        },
    )


@login_required
def upcoming_feature(request: HttpRequest, *, feature: str) -> HttpResponse:
    return render(
        request,
        "accounts/upcoming.html",
        {"feature": UPCOMING_FEATURES[feature], "feature_key": feature},
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """A signed-in user who is not a member of this host's tenant lands here."""
    tenant = request.tenant  # type: ignore[attr-defined]
    if getattr(request, "membership", None) is not None:
        return redirect("dashboard")
    if not tenant.allow_self_signup:
        # Drop queued messages such as "Successfully signed in": they contradict the refusal.
        for _message in messages.get_messages(request):
            pass
        return render(request, "accounts/join_refused.html", status=403)
    if request.method == "POST":
        membership_join(user=_user(request))
        messages.success(request, _("Welcome to %(tenant)s.") % {"tenant": tenant.brand_name})
        return redirect("dashboard")
    return render(request, "accounts/join.html")


def forbidden(request: HttpRequest) -> HttpResponse:
    return HttpResponseForbidden()


# --- Settings ----------------------------------------------------------------------------------


@login_required
def settings_index(request: HttpRequest) -> HttpResponse:
    return redirect("settings_profile")


def _with_language_cookie(response: HttpResponseBase, language: str) -> HttpResponseBase:
    # The cookie is the browser's explicit choice and wins over the profile (see middleware),
    # so it has to follow the profile when the user changes it here.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_profile(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    profile = profile_for_user(user=user) or Profile(user=user)
    saved = False
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile)
        if form.is_valid():
            old_language = translation.get_language()
            profile = profile_update(user=user, **_profile_fields(form.cleaned_data))
            language_changed = profile.language != old_language
            translation.activate(profile.language)
            request.LANGUAGE_CODE = profile.language
            if request.htmx and not language_changed:  # type: ignore[attr-defined]
                form = ProfileForm(instance=profile)
                saved = True
            else:
                # A language change re-renders the whole page (nav, footer) in the new language.
                messages.success(request, _("Your profile has been saved."))
                url = reverse("settings_profile")
                response: HttpResponseBase = (
                    HttpResponseClientRedirect(url)
                    if request.htmx  # type: ignore[attr-defined]
                    else redirect(url)
                )
                return _with_language_cookie(response, profile.language)
    else:
        form = ProfileForm(instance=profile)

    context = {
        "form": form,
        "picture_form": ProfilePictureForm(),
        "profile": profile,
        "saved": saved,
    }
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "settings/profile.html#profile-form", context)
        if saved:
            _with_language_cookie(response, profile.language)
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "settings/profile.html", context, status=status)


def _profile_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    keys = ("full_name", "headline", "target_roles", "location", "timezone", "language")
    return {key: cleaned.get(key) or "" for key in keys}


@login_required
@require_POST
def settings_profile_picture_upload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfilePictureForm(request.POST, request.FILES)
    if form.is_valid():
        profile_picture_set(user=user, picture=form.cleaned_data["picture"])
        messages.success(request, _("Your picture has been updated."))
        return redirect("settings_profile")
    profile = profile_for_user(user=user) or Profile(user=user)
    context = {
        "form": ProfileForm(instance=profile),
        "picture_form": form,
        "profile": profile,
        "saved": False,
    }
    return render(request, "settings/profile.html", context, status=400)


@login_required
@require_POST
def settings_profile_picture_remove(request: HttpRequest) -> HttpResponse:
    profile_picture_remove(user=_user(request))
    messages.success(request, _("Your picture has been removed."))
    return redirect("settings_profile")


@login_required
@require_GET
def settings_profile_picture(request: HttpRequest) -> FileResponse:
    """The signed-in user's own picture on this tenant. Media is private: there is no public
    URL, and nobody else's picture can be asked for here (no id in the URL)."""
    profile = profile_for_user(user=_user(request))
    if profile is None or not profile.picture:
        raise Http404
    return _private_file_response(profile.picture.name or "")


def _private_file_response(name: str) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = name.rsplit(".", 1)[-1].lower()
    content_type = CONTENT_TYPES.get(extension) or mimetypes.guess_type(name)[0]
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    # Private: only this browser may cache it (never a shared proxy). The avatar URL carries
    # ?v=<updated_at>, so a new picture is fetched at once.
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Disposition"] = "inline"
    return response


@login_required
def settings_security(request: HttpRequest) -> HttpResponse:
    overview = security_overview_for_user(user=_user(request))
    return render(request, "settings/security.html", {"overview": overview})


@login_required
def settings_privacy(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    overview = privacy_overview_for_user(user=user)
    context = {"overview": overview, **privacy_settings_context(user=user)}
    return render(request, "settings/privacy.html", context)


@require_GET
def tenant_logo(request: HttpRequest) -> FileResponse:
    """The host's tenant logo (shown on the sign-in page too, so no login required)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or not tenant.logo:
        raise Http404
    return _private_file_response(tenant.logo.name or "")

"""A URLconf for middleware tests: a view that writes, then fails (as a template error would)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from accounts.models import Profile


def write_then_fail(request: HttpRequest) -> HttpResponse:
    Profile.objects.filter(user=request.user).update(full_name="Changed mid-request")  # type: ignore[misc]
    raise RuntimeError("template exploded")


urlpatterns = [path("write-then-fail/", write_then_fail)]

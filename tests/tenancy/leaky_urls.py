"""A URLconf with deliberately leaky views, to prove the crawler finds such views on its own."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from accounts.models import User


def recent_users(request: HttpRequest) -> HttpResponse:
    # Leak: global users of every tenant.
    return HttpResponse(", ".join(User.objects.values_list("email", flat=True)))


def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Leak: any user by id, whatever tenant they belong to.
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404
    return HttpResponse(user.email)


def crash(request: HttpRequest, slug: str) -> HttpResponse:
    raise RuntimeError("unhandled")


urlpatterns = [
    path("leaky/recent-users/", recent_users),
    path("leaky/users/<int:pk>/", user_detail),
    path("leaky/crash/<slug:slug>/", crash),
]

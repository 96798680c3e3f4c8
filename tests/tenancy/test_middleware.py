"""Wall 1: the host decides the tenant, the request runs in its context and transaction, and
nothing of it survives the request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from accounts.models import Profile, Tenant, User
from jobmentis.tenancy.context import RLS_SETTING, current_tenant_id, tenant_context
from jobmentis.tenancy.middleware import TenantMiddleware
from tests.conftest import host_of

Seen = dict[str, object]


def _guc() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [RLS_SETTING])
        return str(cursor.fetchone()[0] or "")


def _recording_view(seen: Seen) -> Callable[[HttpRequest], HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        seen["tenant"] = request.tenant  # type: ignore[attr-defined]
        seen["platform"] = request.is_platform_host  # type: ignore[attr-defined]
        seen["urlconf"] = getattr(request, "urlconf", None)
        seen["context"] = current_tenant_id()
        seen["guc"] = _guc()
        seen["atomic"] = connection.in_atomic_block
        return HttpResponse("ok")

    return view


def _run(host: str, view: Callable[[HttpRequest], HttpResponse], path: str = "/x/") -> HttpResponse:
    request = RequestFactory().get(path, HTTP_HOST=host)
    return TenantMiddleware(view)(request)


def test_tenant_host_runs_the_request_in_the_tenants_context_and_transaction(
    tenant_a: Tenant,
) -> None:
    seen: Seen = {}
    _run(f"{host_of(tenant_a)}:8000", _recording_view(seen))
    assert seen == {
        "tenant": tenant_a,
        "platform": False,
        "urlconf": None,
        "context": tenant_a.pk,
        "guc": str(tenant_a.pk),
        "atomic": True,
    }
    assert current_tenant_id() is None
    assert _guc() == ""


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "LOCALHOST:8000"])
def test_platform_host_has_no_tenant_and_uses_the_platform_urlconf(
    host: str, tenant_a: Tenant
) -> None:
    seen: Seen = {}
    _run(host, _recording_view(seen))
    assert seen["tenant"] is None
    assert seen["platform"] is True
    assert seen["urlconf"] == "jobmentis.urls_platform"
    assert seen["context"] is None
    assert seen["guc"] == ""


def test_unknown_host_gets_the_unknown_host_404_page(tenant_a: Tenant) -> None:
    response = Client(HTTP_HOST="nowhere.localhost").get("/")
    assert response.status_code == 404
    assert "tenancy/unknown_host.html" in [t.name for t in response.templates]
    assert b"nowhere.localhost" in response.content


def test_inactive_tenant_host_gets_404(tenant_a: Tenant, seeker_a: User) -> None:
    Tenant.objects.filter(pk=tenant_a.pk).update(is_active=False)
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.force_login(seeker_a)
    for path in ("/", "/dashboard/", "/accounts/login/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "tenancy/unknown_host.html" in [t.name for t in response.templates]


def test_context_is_reset_after_a_view_that_raised(tenant_a: Tenant) -> None:
    def exploding(request: HttpRequest) -> HttpResponse:
        assert current_tenant_id() == tenant_a.pk
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        _run(host_of(tenant_a), exploding)
    assert current_tenant_id() is None
    assert _guc() == ""


def _rename_profile(user: User, *, status: int = 200, raise_after: bool = False) -> Callable:
    def view(request: HttpRequest) -> HttpResponse:
        Profile.objects.filter(user=user).update(full_name="Changed mid-request")
        if raise_after:
            raise RuntimeError("after the write")
        return HttpResponse(status=status)

    return view


def _full_name(tenant: Tenant, user: User) -> str:
    with tenant_context(tenant.pk):
        return Profile.objects.get(user=user).full_name


def test_a_500_response_rolls_the_request_transaction_back(
    tenant_a: Tenant, seeker_a: User
) -> None:
    response = _run(host_of(tenant_a), _rename_profile(seeker_a, status=500))
    assert response.status_code == 500
    assert _full_name(tenant_a, seeker_a) == "Ada Seeker"


def test_an_exception_rolls_the_request_transaction_back(tenant_a: Tenant, seeker_a: User) -> None:
    with pytest.raises(RuntimeError):
        _run(host_of(tenant_a), _rename_profile(seeker_a, raise_after=True))
    assert _full_name(tenant_a, seeker_a) == "Ada Seeker"


def test_a_successful_request_keeps_its_writes(tenant_a: Tenant, seeker_a: User) -> None:
    # Guards the two tests above: the write itself works and is kept when the request succeeds.
    _run(host_of(tenant_a), _rename_profile(seeker_a, status=200))
    assert _full_name(tenant_a, seeker_a) == "Changed mid-request"


@pytest.mark.urls("tests.tenancy.broken_urls")
def test_a_500_through_the_full_stack_rolls_back_and_resets_the_context(
    tenant_a: Tenant, seeker_a: User
) -> None:
    client = Client(HTTP_HOST=host_of(tenant_a), raise_request_exception=False)
    client.force_login(seeker_a)
    response = client.get("/write-then-fail/")
    assert response.status_code == 500
    assert current_tenant_id() is None
    assert _guc() == ""
    assert _full_name(tenant_a, seeker_a) == "Ada Seeker"


@pytest.mark.parametrize("host", ["nowhere.localhost", "localhost", "acme.localhost"])
def test_health_answers_on_any_host(host: str, tenant_a: Tenant, settings: Any) -> None:
    settings.HEALTH_WORKER_TIMEOUT = 0.05
    response = Client(HTTP_HOST=host).get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_host_outside_allowed_hosts_gets_400_not_a_tenant_lookup(tenant_a: Tenant) -> None:
    response = Client(HTTP_HOST="acme.localhost.evil.example").get("/")
    assert response.status_code == 400


@pytest.mark.parametrize("host", ["ACME.localhost", "acme.localhost:8443"])
def test_host_is_matched_case_insensitively_and_without_port(host: str, tenant_a: Tenant) -> None:
    seen: Seen = {}
    _run(host, _recording_view(seen))
    assert seen["tenant"] == tenant_a

"""The two Django admin sites.

* `tenant_admin_site` — `/admin/` on tenant hosts: the tenant's admins manage their own tenant;
  platform support staff and superusers may enter through the audited path. Only
  tenant-scoped ModelAdmins (jobmentis.tenancy.admin) can be registered on it.
* `platform_admin_site` — `/admin/` on platform hosts (no tenant in context): superusers manage
  global models (tenants, domains, users). Tenant-owned models cannot be registered on it: their
  managers fail closed without a tenant.

Both sign in through allauth (`/accounts/login/`), never Django's admin login form, so MFA and
rate limits apply to admins too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_entries_recent, audit_support_access_once
from jobmentis.tenancy.admin import STAFF_ROLES, TenantScopedAdminMixin, tenant_admin_role
from jobmentis.tenancy.models import TenantOwnedModel


class _AllauthLoginMixin:
    """Send sign-in to allauth; refuse (403) a signed-in user who may not use this site.

    Django's admin would redirect a signed-in user without permission to its login form, and
    allauth would bounce an authenticated user straight back: a loop. A plain 403 is clearer.
    """

    name: str

    def has_permission(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)  # type: ignore[misc]

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect(reverse("admin:index", current_app=self.name))
            raise PermissionDenied
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(next_url, reverse("account_login"))

    def password_change(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        # One password form for everyone: allauth's (rate-limited, notifies the user).
        return redirect("account_change_password")

    def get_log_entries(self, request: HttpRequest) -> QuerySet[LogEntry]:
        return LogEntry.objects.none()


class TenantAdminSite(_AllauthLoginMixin, admin.AdminSite):
    site_url = "/"
    index_template = "admin/tenant_index.html"

    def has_permission(self, request: HttpRequest) -> bool:
        return tenant_admin_role(request) is not None

    def register(
        self,
        model_or_iterable: type[models.Model] | Iterable[type[models.Model]],
        admin_class: Any = None,
        **options: Any,
    ) -> None:
        if admin_class is None or not issubclass(admin_class, TenantScopedAdminMixin):
            raise ImproperlyConfigured(
                "The tenant admin site only takes tenant-scoped ModelAdmins "
                "(jobmentis.tenancy.admin.TenantScopedModelAdmin)."
            )
        super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        def audited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Reached only once the site's permission check passed.
            role = tenant_admin_role(request)
            if role in STAFF_ROLES:
                audit_support_access_once(
                    session=request.session,
                    actor=request.user,  # type: ignore[arg-type]
                    actor_role=role or "",
                    tenant=request.tenant,  # type: ignore[attr-defined]
                    path=request.path,
                )
            return view(request, *args, **kwargs)

        return super().admin_view(update_wrapper(audited, view), cacheable)

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        tenant = getattr(request, "tenant", None)
        brand = tenant.brand_name if tenant else "JobMentis"
        context.update(
            site_header=_("%(brand)s admin") % {"brand": brand},
            site_title=brand,
            acting_as_staff=tenant_admin_role(request) in STAFF_ROLES,
        )
        return context

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> Any:
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                if model["object_name"] == "Tenant":
                    # On a tenant site the Tenant row is "this tenant's settings".
                    model["name"] = _("Branding and settings")
        return app_list

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        # "Recent actions" in Django reads the global LogEntry table; show this tenant's audit
        # log instead.
        extra = {"audit_entries": list(audit_entries_recent(limit=10)), **(extra_context or {})}
        return super().index(request, extra)


class PlatformAdminSite(_AllauthLoginMixin, admin.AdminSite):
    site_header = gettext_lazy("JobMentis platform admin")
    site_title = gettext_lazy("JobMentis platform")
    index_title = gettext_lazy("Platform administration")
    site_url = "/support/"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            getattr(request, "tenant", None) is None
            and user.is_authenticated
            and user.is_active
            and user.is_superuser
        )

    def register(
        self,
        model_or_iterable: type[models.Model] | Iterable[type[models.Model]],
        admin_class: Any = None,
        **options: Any,
    ) -> None:
        models_ = (
            [model_or_iterable] if isinstance(model_or_iterable, type) else list(model_or_iterable)
        )
        for model in models_:
            if issubclass(model, TenantOwnedModel):
                raise ImproperlyConfigured(
                    f"{model._meta.label} is tenant-owned: register it on the tenant admin site."
                )
        super().register(model_or_iterable, admin_class, **options)

    def get_log_entries(self, request: HttpRequest) -> QuerySet[LogEntry]:
        # Platform changes keep Django's LogEntry (global models, superusers only).
        return LogEntry.objects.select_related("content_type", "user")


tenant_admin_site = TenantAdminSite(name="admin")
platform_admin_site = PlatformAdminSite(name="admin")

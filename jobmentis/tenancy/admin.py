"""Django admin for tenant admins, scoped to the request's tenant (DESIGN.md: "querysets, FK
choices, filters, autocomplete").

Every ModelAdmin registered on the tenant admin site (jobmentis.admin_sites.tenant_admin_site)
must use `TenantScopedAdminMixin` — the site refuses anything else. The mixin:
  * grants permissions from the request's role in *this* tenant (tenant admins are not
    `is_staff` and hold no Django model permissions); platform support staff and superusers are
    let in too, and every change form they open is audited;
  * builds querysets, FK/M2M choices, list-filter choices and autocomplete results from the
    tenant-filtered default manager, or — for the global User — from this tenant's members only.
    A related global model it does not know is refused (fail closed) unless declared in
    `global_related_models`;
  * writes an `accounts.AuditLog` entry (field *names* only) for every add, change and delete,
    instead of Django's global LogEntry table, which would put object reprs of every tenant into
    one table any admin's "Recent actions" box reads.
The tenant is stamped by TenantOwnedModel.save() from the context and is never a form field
(`editable=False`); `save_model` refuses an object that somehow carries another tenant.

A later app registers its tenant-owned models like this (in `<app>/admin.py`):

    from django.contrib import admin
    from jobmentis.admin_sites import tenant_admin_site
    from jobmentis.tenancy.admin import TenantScopedModelAdmin

    @admin.register(JobListing, site=tenant_admin_site)
    class JobListingAdmin(TenantScopedModelAdmin):
        list_filter = ("status", "created_by")   # FK filters are narrowed automatically
        autocomplete_fields = ("created_by",)     # only this tenant's members are offered
        search_fields = ("title",)

Do not use `raw_id_fields` (refused: the widget labels any id through the global manager);
narrow permissions further by overriding `has_*_permission` and calling super().
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.filters import (
    AllValuesFieldListFilter,
    BooleanFieldListFilter,
    ChoicesFieldListFilter,
    DateFieldListFilter,
    RelatedFieldListFilter,
    RelatedOnlyFieldListFilter,
)
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.audit import ActorRole, audit_entries_for_object, audit_record
from accounts.models import AuditLog, Membership, Tenant, User
from accounts.selectors import membership_for_user
from jobmentis.tenancy.context import require_tenant_id
from jobmentis.tenancy.models import TenantOwnedModel

if TYPE_CHECKING:
    from django.forms import BaseModelFormSet

STAFF_ROLES = frozenset({ActorRole.SUPPORT, ActorRole.SUPERUSER})
_ROLE_ATTR = "_jm_tenant_admin_role"
_UNSET = object()


def tenant_admin_role(request: HttpRequest) -> str | None:
    """The capacity in which the request's user may use this tenant's admin, or None.

    A tenant admin acts as `tenant_admin` in their own tenant; platform superusers and support
    staff may enter any tenant's admin as `superuser` / `support` (the audited path).
    Cached on the request: it is asked many times per page.
    """
    cached = getattr(request, _ROLE_ATTR, _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    role: str | None = None
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if tenant is not None and user is not None and user.is_authenticated and user.is_active:
        membership = (
            request.membership if hasattr(request, "membership") else membership_for_user(user=user)
        )
        if membership is not None and membership.role == Membership.Role.ADMIN:
            role = ActorRole.TENANT_ADMIN
        elif user.is_superuser:
            role = ActorRole.SUPERUSER
        elif getattr(user, "is_support", False):
            role = ActorRole.SUPPORT
    setattr(request, _ROLE_ATTR, role)
    return role


def tenant_member_users() -> models.QuerySet[User]:
    """Global users who are members of the current tenant: the only users a tenant admin sees."""
    return User.objects.filter(memberships__tenant_id=require_tenant_id())


class ScopedAllValuesFieldListFilter(AllValuesFieldListFilter):
    """Django's AllValuesFieldListFilter reads a *related* model's values through its default
    manager — every tenant's, for a global model such as User. Take them from the admin's
    tenant-scoped queryset instead."""

    def __init__(
        self,
        field: Any,
        request: HttpRequest,
        params: dict[str, Any],
        model: type[models.Model],
        model_admin: Any,
        field_path: str,
    ) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request)
            .distinct()
            .order_by(field_path)
            .values_list(field_path, flat=True)
        )


def _static_choices_filter(field: Any) -> bool:
    """Filters whose choices come from the field definition, not from rows."""
    return bool(field.flatchoices) or isinstance(
        field, (models.BooleanField, models.DateField, models.DateTimeField)
    )


class TenantScopedAdminMixin:
    """Shared by ModelAdmins and inlines on the tenant admin site. See the module docstring."""

    # Labels ("app.model") of global models an FK may offer in full, e.g. a global catalogue.
    global_related_models: tuple[str, ...] = ()
    model: type[models.Model]
    admin_site: admin.AdminSite
    raw_id_fields: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.raw_id_fields:
            # The raw-id widget labels *any* typed id through the related model's global manager.
            raise ImproperlyConfigured(
                f"{type(self).__qualname__}: use autocomplete_fields, not raw_id_fields, on the "
                "tenant admin site."
            )

    # --- permissions: the role in this tenant, not Django model permissions ------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return tenant_admin_role(request) is not None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return tenant_admin_role(request) is not None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return tenant_admin_role(request) is not None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return tenant_admin_role(request) is not None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return tenant_admin_role(request) is not None

    # --- querysets and choices ---------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset: models.QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        if issubclass(self.model, TenantOwnedModel):
            # The default manager already filters by the tenant in context; saying it again
            # here costs nothing and survives someone swapping the manager.
            queryset = queryset.filter(tenant_id=request.tenant.pk)  # type: ignore[attr-defined]
        return queryset

    def scoped_related_queryset(
        self, request: HttpRequest, model: type[models.Model]
    ) -> models.QuerySet[Any]:
        """The rows of `model` this tenant's admin may pick or filter by."""
        try:
            related_admin = self.admin_site.get_model_admin(model)
        except NotRegistered:
            related_admin = None
        if isinstance(related_admin, TenantScopedAdminMixin):
            return related_admin.get_queryset(request)
        if issubclass(model, TenantOwnedModel):
            return model.objects.all()
        if issubclass(model, User):
            return tenant_member_users()
        if issubclass(model, Tenant):
            return Tenant.objects.filter(pk=require_tenant_id())
        if model._meta.label_lower in {label.lower() for label in self.global_related_models}:
            return model._default_manager.all()
        raise ImproperlyConfigured(
            f"{type(self).__qualname__}: no tenant scope for related model {model._meta.label}; "
            "make it tenant-owned or list it in global_related_models."
        )

    def get_field_queryset(
        self, db: str | None, db_field: Any, request: HttpRequest
    ) -> models.QuerySet[Any]:
        model = db_field.remote_field.model
        queryset = self.scoped_related_queryset(request, model)
        ordering = (
            self.admin_site.get_model_admin(model).get_ordering(request)
            if self.admin_site.is_registered(model)
            else None
        )
        if ordering:
            queryset = queryset.order_by(*ordering)
        return queryset.using(db) if db else queryset

    # --- audit ------------------------------------------------------------------------------

    def _audit(
        self,
        request: HttpRequest,
        *,
        action: str,
        obj: models.Model,
        changed_fields: list[str] | tuple[str, ...] = (),
    ) -> None:
        role = tenant_admin_role(request)
        if role is None:  # unreachable behind the site's permission check; never log anonymously
            raise PermissionDenied
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            actor_role=role,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            changed_fields=changed_fields,
            path=request.path,
        )


class TenantScopedModelAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """Base ModelAdmin for tenant-owned models (and tenant views of global ones)."""

    # Audit entries collected while inline formsets are saved, written with the parent's entry.
    _INLINE_AUDIT_ATTR = "_jm_inline_audit"
    _FORM_FIELDS_ATTR = "_jm_form_changed_fields"

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Swap filters that would list another tenant's values for tenant-scoped ones."""
        scoped: list[Any] = []
        item: Any
        for item in super().get_list_filter(request):
            if isinstance(item, str):
                fields = get_fields_from_path(self.model, item)
                last = fields[-1]
                if last.is_relation:
                    item = (item, RelatedOnlyFieldListFilter)
                elif len(fields) > 1 and not _static_choices_filter(last):
                    item = (item, ScopedAllValuesFieldListFilter)
            elif isinstance(item, (list, tuple)):
                path, filter_class = item
                if filter_class is RelatedFieldListFilter:
                    item = (path, RelatedOnlyFieldListFilter)
                elif filter_class is AllValuesFieldListFilter:
                    item = (path, ScopedAllValuesFieldListFilter)
                elif filter_class not in (
                    RelatedOnlyFieldListFilter,
                    ScopedAllValuesFieldListFilter,
                    BooleanFieldListFilter,
                    ChoicesFieldListFilter,
                    DateFieldListFilter,
                ) and not issubclass(filter_class, admin.SimpleListFilter):
                    raise ImproperlyConfigured(
                        f"{type(self).__qualname__}: list filter {filter_class.__name__} on "
                        f"{path!r} is not known to be tenant-scoped."
                    )
            scoped.append(item)
        return scoped

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if isinstance(obj, TenantOwnedModel) and obj.tenant_id not in (None, require_tenant_id()):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        # Platform staff looking at a tenant's personal data: every change form they open is
        # recorded (a 200 on GET means the object exists in this tenant).
        if (
            request.method == "GET"
            and response.status_code == 200
            and tenant_admin_role(request) in STAFF_ROLES
        ):
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                actor_role=tenant_admin_role(request) or "",
                action=AuditLog.Action.VIEW,
                object_type=self.model._meta.label_lower,
                object_id=unquote(object_id),
                path=request.path,
            )
        return response

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> Any:
        setattr(request, self._FORM_FIELDS_ATTR, list(form.changed_data))
        return super().construct_change_message(request, form, formsets, add)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseModelFormSet[Any, Any], change: bool
    ) -> None:
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        deleted_ids = [(obj, obj.pk) for obj in deleted]
        added = [
            f
            for f in formset.extra_forms
            if f.has_changed() and not formset._should_delete_form(f)  # type: ignore[attr-defined]
        ]
        super().save_formset(request, form, formset, change)
        pending: list[tuple[str, models.Model, object, list[str]]] = getattr(
            request, self._INLINE_AUDIT_ATTR, []
        )
        for obj, pk in deleted_ids:
            pending.append((AuditLog.Action.DELETE, obj, pk, []))
        for f in added:
            pending.append((AuditLog.Action.ADD, f.instance, f.instance.pk, list(f.changed_data)))
        for obj, changed in formset.changed_objects:
            pending.append((AuditLog.Action.CHANGE, obj, obj.pk, list(changed)))
        setattr(request, self._INLINE_AUDIT_ATTR, pending)

    def _audit_form_save(self, request: HttpRequest, obj: models.Model, action: str) -> None:
        fields: list[str] = getattr(request, self._FORM_FIELDS_ATTR, [])
        setattr(request, self._FORM_FIELDS_ATTR, [])
        if action == AuditLog.Action.ADD or fields:
            self._audit(request, action=action, obj=obj, changed_fields=fields)
        pending: list[tuple[str, models.Model, object, list[str]]] = getattr(
            request, self._INLINE_AUDIT_ATTR, []
        )
        setattr(request, self._INLINE_AUDIT_ATTR, [])
        role = tenant_admin_role(request) or ""
        for inline_action, inline_obj, pk, inline_fields in pending:
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                actor_role=role,
                action=inline_action,
                object_type=inline_obj._meta.label_lower,
                object_id=pk,
                changed_fields=inline_fields,
                path=request.path,
            )

    # Django's defaults write LogEntry rows (global table, object reprs); we write AuditLog.
    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> None:  # type: ignore[override]
        self._audit_form_save(request, obj, AuditLog.Action.ADD)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> None:  # type: ignore[override]
        self._audit_form_save(request, obj, AuditLog.Action.CHANGE)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> None:  # type: ignore[override]
        for obj in queryset:
            self._audit(request, action=AuditLog.Action.DELETE, obj=obj)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The object's history from this tenant's audit log (Django's reads LogEntry)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined]
                request, self.opts, object_id
            )
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "subtitle": None,
            "entries": audit_entries_for_object(
                object_type=self.model._meta.label_lower, object_id=obj.pk
            )[:200],
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/tenant_object_history.html", context)


class ReadOnlyTenantModelAdmin(TenantScopedModelAdmin):
    """For records nobody edits by hand (logs, usage, machine output): view-only for everyone."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TenantScopedTabularInline(TenantScopedAdminMixin, admin.TabularInline):
    extra = 0


class TenantScopedStackedInline(TenantScopedAdminMixin, admin.StackedInline):
    extra = 0


__all__ = [
    "STAFF_ROLES",
    "ScopedAllValuesFieldListFilter",
    "TenantScopedAdminMixin",
    "TenantScopedModelAdmin",
    "TenantScopedStackedInline",
    "TenantScopedTabularInline",
    "tenant_admin_role",
    "tenant_member_users",
]

"""Tenant admins see their tenant's requests and contact messages (read-only: the requests are
worked by support staff in the support console, where every action is audited and emailed)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import TenantScopedModelAdmin, TenantScopedTabularInline
from privacy.requests.models import ContactMessage, DataSubjectRequest, RequestNote


class _ReadOnly(TenantScopedModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RequestNoteInline(TenantScopedTabularInline):
    model = RequestNote
    extra = 0
    fields = ("body", "author", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataSubjectRequest, site=tenant_admin_site)
class DataSubjectRequestAdmin(_ReadOnly):
    list_display = ("reference_label", "kind", "email", "status", "received_at", "due_label")
    list_filter = ("status", "kind", "source")
    search_fields = ("email", "full_name")
    date_hierarchy = "received_at"
    inlines = (RequestNoteInline,)
    fields = (
        "kind",
        "status",
        "source",
        "full_name",
        "email",
        "user",
        "details",
        "received_at",
        "verified_at",
        "due_on",
        "extended_due_on",
        "extension_reason",
        "closed_at",
        "rejection_reason",
        "resolution",
    )

    @admin.display(description=_("reference"), ordering="id")
    def reference_label(self, obj: DataSubjectRequest) -> str:
        return obj.reference

    @admin.display(description=_("due"), ordering="due_on")
    def due_label(self, obj: DataSubjectRequest) -> str:
        label = obj.effective_due_on.isoformat()
        if obj.is_overdue():
            return f"{label} ({_('overdue')})"
        return label


@admin.register(ContactMessage, site=tenant_admin_site)
class ContactMessageAdmin(_ReadOnly):
    list_display = ("subject", "full_name", "email", "created_at")
    search_fields = ("subject", "email", "full_name")
    date_hierarchy = "created_at"
    fields = ("full_name", "email", "subject", "message", "user", "created_at")

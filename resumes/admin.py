"""Tenant admin for CVs: metadata and parse status only (read-only).

Tenant admins help their users ("my CV is stuck"), so they see what happened to a CV; they do
not see its content — no file link, no extracted text, no parsed data.
"""

from __future__ import annotations

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin
from resumes.errors import error_message
from resumes.models import Resume


class ResumeAdmin(ReadOnlyTenantModelAdmin):
    list_display = (
        "title",
        "user",
        "kind",
        "status",
        "is_primary",
        "page_count",
        "size_label",
        "created_at",
    )
    list_filter = ("status", "kind", "is_primary")
    list_select_related = ("user",)
    search_fields = ("title", "user__email")
    date_hierarchy = "created_at"
    fields = (
        "title",
        "user",
        "kind",
        "original_filename",
        "size_label",
        "page_count",
        "is_primary",
        "status",
        "error_code",
        "error_label",
        "parse_attempts",
        "parse_engine",
        "parse_started_at",
        "parsed_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    @admin.display(description=_("size"), ordering="size")
    def size_label(self, obj: Resume) -> str:
        return filesizeformat(obj.size) if obj.size else "—"

    @admin.display(description=_("error shown to the user"))
    def error_label(self, obj: Resume) -> str:
        return error_message(obj.error_code) if obj.error_code else "—"


tenant_admin_site.register(Resume, ResumeAdmin)

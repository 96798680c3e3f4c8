"""Tenant admin for CVs, match scores, optimisations and versions: metadata only (read-only).

Tenant admins help their users ("my CV is stuck"), so they see what happened to a CV; they do
not see its content — no file link, no extracted text, no parsed data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin
from resumes.errors import error_message
from resumes.models import MatchScore, Optimisation, Resume, ResumeVersion


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


class MatchScoreAdmin(ReadOnlyTenantModelAdmin):
    """Scores are shown as numbers and titles only: the pasted ad and the breakdown stay the
    user's (support needs to know a score exists and when, not what it said)."""

    list_display = ("job_title", "resume", "user", "score", "engine_version", "created_at")
    list_filter = ("engine_version",)
    list_select_related = ("resume", "user")
    search_fields = ("job_title", "user__email", "resume__title")
    date_hierarchy = "created_at"
    fields = ("job_title", "resume", "user", "score", "engine_version", "created_at")
    readonly_fields = fields


class OptimisationAdmin(ReadOnlyTenantModelAdmin):
    """Which engine made an optimisation and how many suggestions were taken — no CV text."""

    list_display = (
        "job_title",
        "resume",
        "user",
        "provider",
        "suggestion_count",
        "accepted_count",
        "created_at",
    )
    list_filter = ("provider",)
    list_select_related = ("resume", "user")
    search_fields = ("job_title", "user__email", "resume__title")
    date_hierarchy = "created_at"
    fields = (
        "job_title",
        "resume",
        "user",
        "match",
        "provider",
        "model_name",
        "suggestion_count",
        "accepted_count",
        "flagged_count",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("job_description", "source_data")

    @staticmethod
    def _entries(obj: Optimisation) -> list[dict[str, Any]]:
        raw = obj.suggestions if isinstance(obj.suggestions, list) else []
        return [entry for entry in raw if isinstance(entry, dict)]

    @admin.display(description=_("suggestions"))
    def suggestion_count(self, obj: Optimisation) -> int:
        return len(self._entries(obj))

    @admin.display(description=_("accepted"))
    def accepted_count(self, obj: Optimisation) -> int:
        return sum(1 for entry in self._entries(obj) if entry.get("decision") == "accepted")

    @admin.display(description=_("flagged for new facts"))
    def flagged_count(self, obj: Optimisation) -> int:
        return sum(1 for entry in self._entries(obj) if entry.get("flags"))


class ResumeVersionAdmin(ReadOnlyTenantModelAdmin):
    """Saved versions by name and date; their content (a CV) is not shown."""

    list_display = ("name", "resume", "user", "applied_count", "created_at")
    list_select_related = ("resume", "user")
    search_fields = ("name", "user__email", "resume__title")
    date_hierarchy = "created_at"
    fields = (
        "name",
        "resume",
        "user",
        "optimisation",
        "job_title",
        "applied_count",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("data")


tenant_admin_site.register(MatchScore, MatchScoreAdmin)
tenant_admin_site.register(Optimisation, OptimisationAdmin)
tenant_admin_site.register(ResumeVersion, ResumeVersionAdmin)

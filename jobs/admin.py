"""Tenant admin for the tracker: applications and interviews, read-only metadata.

Tenant admins (career centres) follow their users' progress and help with problems ("my card
disappeared"), so they see what stage an application is at and when things happened; they do not
see the user's private writing (notes, cover letter, timeline notes, interview preparation).
"""

from __future__ import annotations

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin
from jobs.models import Application, Interview


class ApplicationAdmin(ReadOnlyTenantModelAdmin):
    list_display = (
        "title",
        "company",
        "user",
        "status",
        "closing_reason",
        "applied_on",
        "deadline",
        "created_at",
    )
    list_filter = ("status", "workplace_type", "contract_type", "priority")
    list_select_related = ("user",)
    search_fields = ("company", "title", "user__email")
    date_hierarchy = "created_at"
    fields = (
        "user",
        "company",
        "title",
        "url",
        "location",
        "workplace_type",
        "contract_type",
        "source",
        "status",
        "closing_reason",
        "priority",
        "applied_on",
        "deadline",
        "follow_up_on",
        "match_score",
        "status_changed_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields


class InterviewAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("application", "user", "kind", "starts_at", "duration_minutes", "outcome")
    list_filter = ("kind", "outcome")
    list_select_related = ("application", "user")
    search_fields = ("application__company", "application__title", "user__email")
    date_hierarchy = "starts_at"
    fields = (
        "application",
        "user",
        "kind",
        "starts_at",
        "time_zone",
        "duration_minutes",
        "outcome",
        "created_at",
    )
    readonly_fields = fields


tenant_admin_site.register(Application, ApplicationAdmin)
tenant_admin_site.register(Interview, InterviewAdmin)

"""Tenant admin: exports and erasure requests (metadata only, read-only), with the staff action
that runs an erasure now instead of after the grace period."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin, TenantScopedTabularInline
from privacy.models import DataExport, ErasureRequest, ErasureStep
from privacy.tasks import erasure_run_now


class DataExportAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("user", "status", "source", "created_at", "ready_at", "expires_at")
    list_filter = ("status", "source")
    list_select_related = ("user",)
    fields = (
        "user",
        "status",
        "source",
        "size",
        "manifest_version",
        "created_at",
        "ready_at",
        "expires_at",
        "downloaded_at",
        "error",
    )
    readonly_fields = fields


class ErasureStepInline(TenantScopedTabularInline):
    model = ErasureStep
    fields = ("position", "kind", "target", "target_tenant_id", "status", "attempts", "count")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ErasureRequestAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("requested_at", "status", "source", "grace_until", "completed_at")
    list_filter = ("status", "source")
    fields = (
        "status",
        "source",
        "subject_hash",
        "requested_at",
        "grace_until",
        "started_at",
        "completed_at",
        "cancelled_at",
        "attempts",
        "last_error",
    )
    readonly_fields = fields
    inlines = (ErasureStepInline,)
    actions = ("erase_now",)

    @admin.action(description=_("Erase now (skip the grace period)"))
    def erase_now(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]) -> None:
        user = request.user
        # Skipping the user's 30 days to change their mind is a platform decision.
        if not (getattr(user, "is_staff", False) or getattr(user, "is_support", False)):
            self.message_user(
                request, _("Only platform staff can skip the grace period."), messages.ERROR
            )
            return
        runnable = queryset.filter(
            status__in=[ErasureRequest.Status.SCHEDULED, ErasureRequest.Status.FAILED]
        )
        count = 0
        for erasure in runnable:
            erasure_run_now(tenant_id=erasure.tenant_id, request_id=erasure.pk)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d erasure queued.", "%(n)d erasures queued.", count) % {"n": count},
        )


tenant_admin_site.register(DataExport, DataExportAdmin)
tenant_admin_site.register(ErasureRequest, ErasureRequestAdmin)

"""Tenant admin: mailing-list settings, marketing emails to the tenant's subscribers, and the
tenant's own outbox (read-only, with a retry action for failed emails)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.email.models import OutboxMessage
from jobmentis.email.services import outbox_retry
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin, TenantScopedModelAdmin
from notifications.models import MarketingCampaign, MarketingSettings, MarketingSubscription
from notifications.services import campaign_queue


class MarketingSettingsAdmin(TenantScopedModelAdmin):
    list_display = ("__str__", "brevo_list_id", "updated_at")
    fields = ("brevo_list_id",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request) and not self.get_queryset(request).exists()


class MarketingCampaignAdmin(TenantScopedModelAdmin):
    """Adding one sends it (in Celery) to every confirmed subscriber; sent ones are read-only."""

    list_display = ("subject", "created_at", "sent_at", "recipients_count", "created_by")
    fields = ("subject", "body", "created_by", "sent_at", "recipients_count")
    readonly_fields = ("created_by", "sent_at", "recipients_count")
    autocomplete_fields = ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            campaign_queue(campaign=obj)
            messages.info(request, _("Sending to every confirmed subscriber."))


class MarketingSubscriptionAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("user", "status", "confirmed_at", "withdrawn_at", "policy_version")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("user__email",)


@admin.action(description=_("Retry sending"))
def retry_selected(admin_: Any, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
    retried = sum(outbox_retry(outbox_id=pk) for pk in queryset.values_list("pk", flat=True))
    admin_.message_user(request, _("%(n)d email(s) queued again.") % {"n": retried})


class OutboxMessageAdmin(ReadOnlyTenantModelAdmin):
    """This tenant's emails only (the outbox is a global table filtered by its workspace)."""

    list_display = ("created_at", "subject", "recipients", "kind", "status", "attempts")
    list_filter = ("status", "kind")
    search_fields = ("subject",)
    fields = (
        "created_at",
        "kind",
        "status",
        "subject",
        "recipients",
        "attempts",
        "last_error",
        "provider",
        "sent_at",
    )
    actions = [retry_selected]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return OutboxMessage.objects.filter(workspace_id=request.tenant.pk)  # type: ignore[attr-defined]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The retry action needs "change" on the list; the form stays read-only (no fields
        # are editable).
        return obj is None and super(ReadOnlyTenantModelAdmin, self).has_change_permission(
            request, obj
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields


tenant_admin_site.register(MarketingSettings, MarketingSettingsAdmin)
tenant_admin_site.register(MarketingCampaign, MarketingCampaignAdmin)
tenant_admin_site.register(MarketingSubscription, MarketingSubscriptionAdmin)
tenant_admin_site.register(OutboxMessage, OutboxMessageAdmin)

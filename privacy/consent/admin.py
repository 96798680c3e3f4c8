"""Tenant admin: policy versions (append a version; a published text is not edited), the
processors table, tracking switches (secrets never echoed back) and the read-only ledger."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin, TenantScopedModelAdmin
from privacy.consent.models import ConsentRecord, PolicyVersion, Processor, TrackingSettings
from privacy.consent.services import policy_content_hash


class PolicyVersionAdmin(TenantScopedModelAdmin):
    list_display = ("kind", "version", "title", "effective_at", "short_hash")
    list_filter = ("kind",)
    fields = ("kind", "version", "title", "body", "effective_at", "content_hash")
    readonly_fields = ("content_hash",)

    @admin.display(description=_("content hash"))
    def short_hash(self, obj: PolicyVersion) -> str:
        return obj.content_hash[:12]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A version already in force may have been accepted: its text is frozen (publish a new
        # version instead); a scheduled one can still be corrected.
        from django.utils import timezone

        if obj is not None and obj.effective_at <= timezone.now():
            return ("kind", "version", "title", "body", "effective_at", "content_hash")
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: PolicyVersion, form: Any, change: bool) -> None:
        obj.content_hash = policy_content_hash(obj.body)
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProcessorAdmin(TenantScopedModelAdmin):
    list_display = ("name", "purpose", "data_categories", "location", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("name", "purpose")


class TrackingSettingsForm(forms.ModelForm):
    # Secrets are write-only: the form never renders the stored value.
    meta_access_token = forms.CharField(
        label=_("Conversions API access token"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave blank to keep the current token."),
    )
    posthog_personal_api_key = forms.CharField(
        label=_("PostHog personal API key (person deletion)"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Needed to delete a person from PostHog when a user erases their account. "
            "Leave blank to keep the current key."
        ),
    )
    clear_secrets = forms.BooleanField(label=_("Remove the stored token and key"), required=False)

    class Meta:
        model = TrackingSettings
        fields = (
            "posthog_enabled",
            "posthog_api_key",
            "posthog_host",
            "posthog_project_id",
            "posthog_personal_api_key",
            "meta_enabled",
            "meta_pixel_id",
            "meta_access_token",
            "meta_test_event_code",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("meta_access_token", "posthog_personal_api_key"):
            if cleaned.get("clear_secrets"):
                cleaned[name] = ""
            elif not cleaned.get(name) and self.instance.pk:
                cleaned[name] = getattr(self.instance, name)
        if cleaned.get("posthog_enabled") and not cleaned.get("posthog_api_key"):
            self.add_error("posthog_api_key", _("PostHog needs the project API key."))
        if cleaned.get("meta_enabled") and not cleaned.get("meta_pixel_id"):
            self.add_error("meta_pixel_id", _("Meta needs the pixel id."))
        return cleaned


class TrackingSettingsAdmin(TenantScopedModelAdmin):
    form = TrackingSettingsForm
    fieldsets = (
        (
            _("PostHog analytics"),
            {
                "fields": (
                    "posthog_enabled",
                    "posthog_api_key",
                    "posthog_host",
                    "posthog_project_id",
                    "posthog_personal_api_key",
                )
            },
        ),
        (
            _("Meta Pixel and Conversions API"),
            {
                "fields": (
                    "meta_enabled",
                    "meta_pixel_id",
                    "meta_access_token",
                    "meta_test_event_code",
                )
            },
        ),
        (None, {"fields": ("clear_secrets",)}),
    )
    # No secret in the list: only whether one is set.
    list_display = ("__str__", "posthog_enabled", "meta_enabled", "has_meta_token", "updated_at")

    @admin.display(description=_("Meta token set"), boolean=True)
    def has_meta_token(self, obj: TrackingSettings) -> bool:
        return bool(obj.meta_access_token)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request) and not TrackingSettings.objects.exists()


class ConsentRecordAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("created_at", "user", "purpose", "granted", "policy_version", "source")
    list_filter = ("purpose", "granted", "source")


tenant_admin_site.register(PolicyVersion, PolicyVersionAdmin)
tenant_admin_site.register(Processor, ProcessorAdmin)
tenant_admin_site.register(TrackingSettings, TrackingSettingsAdmin)
tenant_admin_site.register(ConsentRecord, ConsentRecordAdmin)

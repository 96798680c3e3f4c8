"""Tenant admin for billing: plans (with the usage report), users' plans (assign by hand),
Stripe settings (optional per-tenant account), received Stripe events and usage counters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from billing import charts
from billing.models import Plan, StripeEvent, Subscription, TenantBillingSettings, UsageCounter
from billing.selectors import tenant_usage_report
from billing.services import BillingError, plan_assign
from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import ReadOnlyTenantModelAdmin, TenantScopedModelAdmin

LIMIT_FIELDS = (
    "cv_optimisation",
    "cover_letter",
    "interview_pack",
    "coach_message",
    "stored_cv",
    "saved_search",
)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = (
            "name",
            "description",
            "is_default",
            "is_public",
            "sort_order",
            "currency",
            "monthly_price",
            "yearly_price",
            "stripe_price_monthly",
            "stripe_price_yearly",
            "trial_days",
            *LIMIT_FIELDS,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        others = Plan.objects.exclude(pk=self.instance.pk) if self.instance.pk else Plan.objects
        if cleaned.get("is_default") and others.filter(is_default=True).exists():
            self.add_error("is_default", _("Another plan is the default: untick it there first."))
        name = cleaned.get("name")
        if name and others.filter(name__iexact=name).exists():
            self.add_error("name", _("A plan with this name exists."))
        return cleaned


class PlanAdmin(TenantScopedModelAdmin):
    form = PlanForm
    list_display = (
        "name",
        "is_default",
        "is_public",
        "monthly_price",
        "yearly_price",
        "currency",
        "cv_optimisation",
        "stored_cv",
        "trial_days",
    )
    list_editable = ("is_public",)
    ordering = ("sort_order", "id")
    change_list_template = "admin/billing/plan/change_list.html"
    fieldsets = (
        (None, {"fields": ("name", "description", "is_default", "is_public", "sort_order")}),
        (
            _("Prices"),
            {
                "fields": (
                    "currency",
                    "monthly_price",
                    "yearly_price",
                    "stripe_price_monthly",
                    "stripe_price_yearly",
                    "trial_days",
                ),
                "description": _(
                    "Create the product and its recurring prices in Stripe, then paste the "
                    "price ids here. The amounts are what the billing page shows."
                ),
            },
        ),
        (
            _("Limits"),
            {
                "fields": LIMIT_FIELDS,
                "description": _("Blank: unlimited. 0: not included in this plan."),
            },
        ),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (obj.is_default or obj.subscriptions.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self) -> list[Any]:
        report = self.admin_site.admin_view(self.usage_report_view)
        return [path("usage/", report, name="billing_usage_report"), *super().get_urls()]

    def usage_report_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = tenant_usage_report()
        distribution = report["plan_distribution"]
        total = sum(count for _, count in distribution) or 1
        context = {
            **self.admin_site.each_context(request),
            "title": _("Usage report"),
            "opts": self.model._meta,
            "report": report,
            "cost_chart": charts.daily_bars(report["daily_cost"]),
            "distribution": [
                (name, count, round(100 * count / total)) for name, count in distribution
            ],
        }
        return TemplateResponse(request, "admin/billing/usage_report.html", context)


class SubscriptionAdmin(TenantScopedModelAdmin):
    """Users' plans. "Add" assigns a plan by hand (no Stripe needed); Stripe subscriptions are
    shown read-only (Stripe is their source of truth)."""

    list_display = (
        "user",
        "plan",
        "source",
        "status",
        "current_period_end",
        "cancel_at_period_end",
        "past_due_since",
    )
    list_filter = ("plan", "source", "status")
    list_select_related = ("user", "plan")
    search_fields = ("user__email",)
    autocomplete_fields = ("user",)
    stripe_fields = (
        "source",
        "status",
        "interval",
        "stripe_customer_id",
        "stripe_subscription_id",
        "current_period_start",
        "current_period_end",
        "cancel_at_period_end",
        "trial_end",
        "past_due_since",
        "updated_at",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("user", "plan") if obj is None else ("user", "plan", *self.stripe_fields)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        if obj.source == Subscription.Source.STRIPE:
            return ("user", "plan", *self.stripe_fields)
        return ("user", *self.stripe_fields)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            assigned = plan_assign(user=form.cleaned_data.get("user") or obj.user, plan=obj.plan)
        except BillingError as error:
            messages.error(request, str(error))
            return
        obj.pk = assigned.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Removing an admin-assigned plan puts the user back on the free plan; a Stripe
        # subscription is cancelled at Stripe, not here.
        if obj is not None and obj.source == Subscription.Source.STRIPE:
            return False
        return super().has_delete_permission(request, obj)


class BillingSettingsForm(forms.ModelForm):
    """Secrets are write-only: shown masked, left unchanged when the field is left blank."""

    stripe_secret_key = forms.CharField(
        label=_("Stripe secret key"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave blank to keep the current key. Blank everywhere: the platform key."),
    )
    stripe_webhook_secret = forms.CharField(
        label=_("Stripe webhook signing secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave blank to keep the current secret."),
    )
    clear_keys = forms.BooleanField(
        label=_("Remove this tenant's keys (use the platform's Stripe account)"), required=False
    )

    class Meta:
        model = TenantBillingSettings
        fields = ("stripe_secret_key", "stripe_webhook_secret", "grace_days")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("clear_keys"):
            cleaned["stripe_secret_key"] = ""
            cleaned["stripe_webhook_secret"] = ""
            return cleaned
        for name in ("stripe_secret_key", "stripe_webhook_secret"):
            if not cleaned.get(name) and self.instance.pk:
                cleaned[name] = getattr(self.instance, name)
        key = cleaned.get("stripe_secret_key", "")
        if key and not key.startswith(("sk_", "rk_")):
            self.add_error("stripe_secret_key", _("A Stripe secret key starts with sk_ or rk_."))
        secret = cleaned.get("stripe_webhook_secret", "")
        if secret and not secret.startswith("whsec_"):
            self.add_error("stripe_webhook_secret", _("A webhook secret starts with whsec_."))
        return cleaned


class TenantBillingSettingsAdmin(TenantScopedModelAdmin):
    form = BillingSettingsForm
    fields = ("stripe_secret_key", "stripe_webhook_secret", "clear_keys", "grace_days")
    list_display = ("__str__", "uses_own_account", "grace_days", "updated_at")

    @admin.display(description=_("own Stripe account"), boolean=True)
    def uses_own_account(self, obj: TenantBillingSettings) -> bool:
        return bool(obj.stripe_secret_key)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request) and not TenantBillingSettings.objects.exists()


class StripeEventAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("received_at", "type", "event_id", "status", "subscription_id", "error")
    list_filter = ("status", "type")
    search_fields = ("event_id", "subscription_id", "customer_id")
    fields = (
        "event_id",
        "type",
        "status",
        "object_id",
        "customer_id",
        "subscription_id",
        "user_id_hint",
        "amount",
        "currency",
        "stripe_created",
        "received_at",
        "processed_at",
        "error",
    )
    readonly_fields = fields


class UsageCounterAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("user", "feature", "period_start", "period_end", "used")
    list_filter = ("feature", "period_start")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    fields = list_display
    readonly_fields = list_display


tenant_admin_site.register(Plan, PlanAdmin)
tenant_admin_site.register(Subscription, SubscriptionAdmin)
tenant_admin_site.register(TenantBillingSettings, TenantBillingSettingsAdmin)
tenant_admin_site.register(StripeEvent, StripeEventAdmin)
tenant_admin_site.register(UsageCounter, UsageCounterAdmin)

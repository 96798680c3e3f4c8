"""Tenant admin for Job Radar: the tenant's job listings.

Tenant admins curate listings by hand or import them from CSV/JSON (preview with per-row
errors, then import); that is the radar's source when no job-board keys are configured.
Listings fetched from Adzuna are shown read-only (the next refresh would overwrite an edit);
they can be unpublished. Users' saved searches and scores are not shown: they are the users'.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import AuditLog
from jobmentis.admin_sites import tenant_admin_site
from jobmentis.tenancy.admin import TenantScopedModelAdmin
from jobs.radar.imports import COLUMNS as IMPORT_COLUMNS
from jobs.radar.imports import ImportError_, curated_listings_import, preview_build
from jobs.radar.models import Listing, Source, currency_for
from jobs.radar.text import dedupe_key


class ListingAdminForm(forms.ModelForm):
    class Meta:
        model = Listing
        fields = (
            "title",
            "company",
            "location",
            "country",
            "workplace_type",
            "contract_type",
            "contract_time",
            "salary_min",
            "salary_max",
            "salary_currency",
            "category",
            "description",
            "redirect_url",
            "posted_at",
            "latitude",
            "longitude",
            "is_active",
        )
        help_texts = {
            "redirect_url": _(
                "Where “View the ad” leads: the employer's page or application form."
            ),
            "salary_currency": _("Three letters, e.g. GBP; empty means the country's currency."),
            "country": _("Empty: shown to searches in every country."),
            "latitude": _(
                "Optional map position (e.g. 51.5072, -0.1276 for London): lets searches with a "
                "distance find this job from nearby places."
            ),
        }

    def clean_salary_currency(self) -> str:
        value: str = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if value and (len(value) != 3 or not value.isalpha()):
            raise forms.ValidationError(_("Use a three-letter currency code, e.g. EUR."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("The upper salary must not be below the lower one."))
        if data.get("title") and data.get("company") is not None:
            key = dedupe_key(
                company=data.get("company") or "",
                title=data["title"],
                location=data.get("location") or "",
            )
            clash = Listing.objects.filter(dedupe_key=key).exclude(pk=self.instance.pk).first()
            if clash is not None:
                raise forms.ValidationError(
                    _("This job is listed already (same company, title and location): %(other)s.")
                    % {"other": clash}
                )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or JSON file"),
        required=False,
        help_text=_("Up to 2 MB and 2,000 listings."),
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)


@admin.register(Listing, site=tenant_admin_site)
class ListingAdmin(TenantScopedModelAdmin):
    form = ListingAdminForm
    list_display = ("title", "company", "location", "source", "is_active", "posted_at")
    list_filter = ("source", "is_active", "workplace_type", "country")
    search_fields = ("title", "company", "location")
    date_hierarchy = "posted_at"
    actions = ("publish", "unpublish")
    change_list_template = "admin/radar/listing/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.source != Source.CURATED:
            return [name for name in ListingAdminForm.Meta.fields if name != "is_active"]
        return ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.source = Source.CURATED
            obj.source_id = f"admin-{uuid.uuid4().hex}"
        obj.dedupe_key = dedupe_key(company=obj.company, title=obj.title, location=obj.location)
        if (obj.salary_min or obj.salary_max) and not obj.salary_currency:
            obj.salary_currency = currency_for(obj.country)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected listings"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        count = queryset.update(is_active=True)
        self.message_user(
            request, ngettext("%d listing published.", "%d listings published.", count) % count
        )

    @admin.action(description=_("Unpublish selected listings"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        count = queryset.update(is_active=False)
        self.message_user(
            request,
            ngettext("%d listing unpublished.", "%d listings unpublished.", count) % count,
        )

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="radar_listing_import",
            ),
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": _("Import job listings"),
            "opts": self.opts,
            "form": form,
            "columns": ", ".join(IMPORT_COLUMNS),
        }
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data.get("file")
            if upload is not None:
                raw = upload.read()
                filename = upload.name or ""
            else:
                raw = form.cleaned_data.get("content", "").encode()
                filename = form.cleaned_data.get("filename", "")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
                form.add_error("file", _("Save the file as UTF-8 text and upload it again."))
            if text is not None and not text.strip():
                form.add_error("file", _("Choose a CSV or JSON file."))
            elif text is not None:
                try:
                    preview = preview_build(text, filename=filename)
                except ImportError_ as exc:
                    form.add_error("file", str(exc))
                else:
                    if request.POST.get("confirm") and preview.valid:
                        created = curated_listings_import(preview)
                        for listing in created:
                            self._audit(
                                request,
                                action=AuditLog.Action.ADD,
                                obj=listing,
                                changed_fields=["import"],
                            )
                        self.message_user(
                            request,
                            ngettext("%d listing imported.", "%d listings imported.", len(created))
                            % len(created),
                            messages.SUCCESS,
                        )
                        changelist = reverse(
                            "admin:radar_listing_changelist", current_app=self.admin_site.name
                        )
                        return HttpResponseRedirect(changelist)
                    context.update(preview=preview, content=text, filename=filename)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/radar/listing/import.html", context)

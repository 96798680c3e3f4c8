"""Forms for Job Radar: a saved search and the digest settings. Messages say what to fix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.radar.models import COUNTRY_CHOICES, ContractType, RadarSettings, SavedSearch

MAX_DISTANCE_KM = 500
MAX_SALARY = 10_000_000


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = (
            "name",
            "keywords",
            "location",
            "distance_km",
            "country",
            "salary_min",
            "contract_type",
            "remote_only",
            "is_active",
        )
        labels = {
            "name": _("Name this search"),
            "keywords": _("Keywords"),
            "location": _("Location"),
            "distance_km": _("Distance (km)"),
            "salary_min": _("Minimum yearly salary"),
            "contract_type": _("Contract type"),
            "remote_only": _("Remote jobs only"),
            "country": _("Country"),
        }
        help_texts = {
            "keywords": _("Job titles or skills, e.g. “python developer”. Every word must appear."),
            "location": _("A town, city or region; leave empty for the whole country."),
            "distance_km": _(
                "How far from the location, up to %(max)s km. Listings from your career centre "
                "are measured from their map position; those without one match the place by name."
            )
            % {"max": MAX_DISTANCE_KM},
            "salary_min": _("In the country's currency; ads without a salary are left out."),
        }
        widgets = {
            "keywords": forms.TextInput(attrs={"autocomplete": "off"}),
            "distance_km": forms.NumberInput(attrs={"min": 1, "max": MAX_DISTANCE_KM}),
            "salary_min": forms.NumberInput(attrs={"min": 0, "step": 1000}),
        }
        error_messages = {
            "name": {"required": _("Give the search a name, e.g. “Python jobs in Leeds”.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = COUNTRY_CHOICES  # type: ignore[attr-defined]
        self.fields["contract_type"].choices = ContractType.choices  # type: ignore[attr-defined]
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. Python jobs in Leeds")

    def clean_distance_km(self) -> int | None:
        distance: int | None = self.cleaned_data.get("distance_km")
        if distance is not None and not 1 <= distance <= MAX_DISTANCE_KM:
            raise forms.ValidationError(
                _("Choose a distance between 1 and %(max)s km."), params={"max": MAX_DISTANCE_KM}
            )
        return distance

    def clean_salary_min(self) -> int | None:
        salary: int | None = self.cleaned_data.get("salary_min")
        if salary is not None and salary > MAX_SALARY:
            raise forms.ValidationError(_("That salary looks too high: check the number."))
        return salary or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keywords = (data.get("keywords") or "").strip()
        location = (data.get("location") or "").strip()
        if not keywords and not location and not data.get("remote_only"):
            raise forms.ValidationError(
                _("Give some keywords or a location, so the search is not every job there is.")
            )
        if data.get("distance_km") and not location:
            self.add_error("distance_km", _("A distance needs a location to measure from."))
        return data


class RadarSettingsForm(forms.ModelForm):
    class Meta:
        model = RadarSettings
        fields = ("digest", "threshold")
        labels = {
            "digest": _("E-mail me new matches"),
            "threshold": _("Only matches scoring at least"),
        }
        help_texts = {
            "threshold": _("A score from 0 to 100 against your primary CV."),
        }
        widgets = {
            "digest": forms.RadioSelect,
            "threshold": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def clean_threshold(self) -> int:
        threshold: int | None = self.cleaned_data.get("threshold")
        if threshold is None or not 0 <= threshold <= 100:
            raise forms.ValidationError(_("Choose a score between 0 and 100."))
        return threshold

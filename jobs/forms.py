"""Forms of the tracker. Every one validates with a message that says what to fix, and an invalid
submit re-renders with everything the user typed (bound forms; the CSV preview keeps the file)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from jobs.models import (
    BOARD_COLUMNS,
    CLOSED,
    Application,
    ClosingReason,
    Contact,
    Interview,
    ReminderSettings,
    Status,
)
from jobs.selectors import SORTS, ListFilters
from resumes.models import Resume

MAX_SALARY = 100_000_000
MAX_TAGS = 12
DESCRIPTION_MAX = 50_000


def _split_tags(value: str) -> list[str]:
    return [" ".join(t.split()) for t in value.replace(";", ",").split(",") if t.strip()]


class ApplicationForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Comma-separated, e.g. remote, dream job"),
    )

    class Meta:
        model = Application
        fields = [
            "company",
            "title",
            "url",
            "location",
            "workplace_type",
            "contract_type",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "source",
            "status",
            "closing_reason",
            "priority",
            "applied_on",
            "deadline",
            "follow_up_on",
            "match_score",
            "description",
            "notes",
            "cover_letter",
        ]
        widgets = {
            "applied_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "cover_letter": forms.Textarea(attrs={"rows": 4}),
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "closing_reason": _("Only for rejected, withdrawn or no response."),
            "match_score": _("0\u2013100: how well your CV matched when you sent it."),
            "cover_letter": _("The cover letter you sent, if any."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Declared here, not on the class: the queryset needs the request's tenant (the default
        # manager fails closed without one) and only this user's CVs are offered.
        self.fields["resume"] = forms.ModelChoiceField(
            label=_("CV version sent"),
            queryset=Resume.objects.filter(user=user).order_by("-created_at"),
            required=False,
            empty_label=_("— none —"),
        )
        self.order_fields([*self._meta.fields[:-3], "resume"])  # type: ignore[index]
        if self.instance.pk and not self.is_bound:
            self.initial["resume"] = self.instance.resume_id
        self.fields["match_score"].validators.append(MaxValueValidator(100))
        self.fields["match_score"].widget.attrs.update({"min": 0, "max": 100})
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})
            self.fields[name].validators.append(MaxValueValidator(MAX_SALARY))
        # Longer than the column on purpose: "EURO" gets the clear message of
        # clean_salary_currency, not a generic length error.
        self.fields["salary_currency"] = forms.CharField(
            label=_("Currency"),
            required=False,
            max_length=12,
            widget=forms.TextInput(attrs={"placeholder": "EUR", "autocapitalize": "characters"}),
        )
        self.fields["description"].validators.append(MaxLengthValidator(DESCRIPTION_MAX))
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())

    def clean_tags(self) -> list[str]:
        tags = _split_tags(self.cleaned_data.get("tags") or "")
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("At most %(max)d tags, please."), params={"max": MAX_TAGS}, code="too_many"
            )
        if any(len(t) > 40 for t in tags):
            raise forms.ValidationError(_("A tag can be at most 40 characters."), code="long")
        return tags

    def clean_salary_currency(self) -> str:
        value = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if value and (len(value) != 3 or not value.isalpha()):
            raise forms.ValidationError(
                _("Use a three-letter currency code such as EUR, USD or GBP."), code="currency"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "salary_max",
                _("The maximum salary must be at least the minimum (%(min)s).")
                % {"min": f"{low:,}"},
            )
        if (low is not None or high is not None) and not data.get("salary_currency"):
            self.add_error("salary_currency", _("Which currency is this salary in?"))
        applied, follow_up = data.get("applied_on"), data.get("follow_up_on")
        if applied and follow_up and follow_up < applied:
            self.add_error("follow_up_on", _("The follow-up date cannot be before you applied."))
        if applied and applied > timezone.localdate() + timedelta(days=1):
            self.add_error("applied_on", _("The date you applied cannot be in the future."))
        status = data.get("status")
        if data.get("closing_reason") and status not in CLOSED:
            self.add_error(
                "closing_reason",
                _("A closing reason only applies to rejected, withdrawn or no response."),
            )
        return data

    def application_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "tags"}


class QuickAddForm(forms.Form):
    url = forms.URLField(
        label=_("Job ad URL"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("We do not open the link; it is kept with the application."),
    )
    text = forms.CharField(
        label=_("Pasted job description"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste the ad: we pick out the company, title, location and salary."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(
                _("Paste a job description or a link to the ad (or both)."), code="empty"
            )
        return data


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=[(s, s) for s in BOARD_COLUMNS])
    before = forms.IntegerField(required=False, min_value=1)
    closing_reason = forms.ChoiceField(choices=ClosingReason.choices, required=False)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Add a note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("What happened? What's next?")}),
        error_messages={"required": _("Write something first.")},
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not all(c.isdigit() or c in "+-() ./" for c in phone):
            raise forms.ValidationError(
                _("A phone number has digits, spaces and + - ( ) only."), code="phone"
            )
        return phone


class InterviewForm(forms.ModelForm):
    """Date and time are entered in the user's time zone (their profile's) and stored aware."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = Interview
        fields = [
            "kind",
            "duration_minutes",
            "location",
            "interviewers",
            "prep_notes",
            "outcome",
            "outcome_notes",
        ]
        widgets = {
            "prep_notes": forms.Textarea(attrs={"rows": 4}),
            "outcome_notes": forms.Textarea(attrs={"rows": 2}),
            "location": forms.TextInput(
                attrs={"placeholder": _("Address, phone number or meeting link")}
            ),
            "interviewers": forms.TextInput(attrs={"placeholder": _("Names, roles")}),
        }

    field_order = ["date", "start_time", "duration_minutes", "kind", "location", "interviewers"]

    def __init__(self, *args: Any, zone_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone_name = zone_name
        self.zone = ZoneInfo(zone_name)
        self.fields["duration_minutes"].widget.attrs.update({"min": 5, "max": 1440, "step": 5})
        self.fields["date"].help_text = _("Times are in your time zone: %(zone)s.") % {
            "zone": zone_name.replace("_", " ")
        }
        if self.instance.pk and not self.is_bound:
            local = timezone.localtime(self.instance.starts_at, self.zone)
            self.initial["date"] = local.date()
            self.initial["start_time"] = local.time().replace(second=0, microsecond=0)

    def clean_duration_minutes(self) -> int:
        value = self.cleaned_data["duration_minutes"]
        if not 5 <= value <= 1440:
            raise forms.ValidationError(
                _("The duration must be between 5 minutes and 24 hours."), code="duration"
            )
        return int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day: date | None = data.get("date")
        at: time | None = data.get("start_time")
        if day and at:
            naive = datetime.combine(day, at)
            aware = naive.replace(tzinfo=self.zone)
            # A wall-clock time skipped by a DST jump does not exist: say so instead of guessing.
            if (
                aware.astimezone(ZoneInfo("UTC")).astimezone(self.zone).replace(tzinfo=None)
                != naive
            ):
                self.add_error(
                    "start_time",
                    _("This time does not exist in %(zone)s (clocks change that day).")
                    % {"zone": self.zone_name},
                )
            else:
                data["starts_at"] = aware
        return data

    def interview_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        data["starts_at"] = self.cleaned_data["starts_at"]
        data["time_zone"] = self.zone_name
        return data


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = [
            "deadline_email",
            "deadline_in_app",
            "deadline_days",
            "follow_up_email",
            "follow_up_in_app",
            "interview_email",
            "interview_in_app",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline_days"].widget.attrs.update({"min": 1, "max": 14})

    def clean_deadline_days(self) -> int:
        value = self.cleaned_data["deadline_days"]
        if not 1 <= value <= 14:
            raise forms.ValidationError(_("Choose between 1 and 14 days."), code="range")
        return int(value)


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma or semicolon separated, up to 2 MB and 2,000 rows."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    tag = forms.TypedChoiceField(label=_("Tag"), required=False, coerce=int, empty_value=None)
    date_field = forms.ChoiceField(
        label=_("Date"),
        required=False,
        choices=[
            ("created", _("Added")),
            ("applied", _("Applied")),
            ("deadline", _("Deadline")),
        ],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    salary_min = forms.IntegerField(
        label=_("Pays at least"), required=False, min_value=0, max_value=MAX_SALARY
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-created", _("Newest first")),
            ("created", _("Oldest first")),
            ("-updated", _("Recently updated")),
            ("company", _("Company A\u2013Z")),
            ("deadline", _("Deadline soonest")),
            ("-salary", _("Highest salary")),
            ("-priority", _("Priority")),
            ("-match", _("Best match")),
            ("relevance", _("Best search match")),
        ],
    )

    def __init__(self, *args: Any, tags: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tag_field = self.fields["tag"]
        assert isinstance(tag_field, forms.TypedChoiceField)
        tag_field.choices = [("", _("Any tag")), *tags]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> ListFilters:
        # Invalid fields are dropped (and shown with their message); the valid ones still apply.
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        sort = data.get("sort") or ("relevance" if data.get("q") else "-created")
        return ListFilters(
            q=data.get("q") or "",
            statuses=tuple(data.get("status") or ()),
            tag=data.get("tag"),
            date_field=data.get("date_field") or "created",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            salary_min=data.get("salary_min"),
            sort=sort if sort in SORTS else "-created",
        )

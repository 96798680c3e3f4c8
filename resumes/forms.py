"""Forms for CVs: upload, JSON Resume import, rename, and the review editor.

The editor is one small form per JSON Resume entry (formsets with an empty extra row and a
"remove" box), so it works without JavaScript; `edit_initial` / `edit_data` convert between
the stored JSON and the forms.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from resumes import jsonresume
from resumes.errors import ResumeError
from resumes.matching import MatchForm
from resumes.validation import read_limited, validate_resume_file

ACCEPT_CV = (
    ".pdf,.docx,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


class ResumeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CV file"),
        help_text=_("PDF or Word (.docx), up to %(size)s and %(pages)s pages."),
        widget=forms.FileInput(attrs={"accept": ACCEPT_CV, "data-dropzone-input": ""}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = str(self.fields["file"].help_text) % {
            "size": filesizeformat(settings.RESUME_MAX_BYTES),
            "pages": settings.RESUME_MAX_PAGES,
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["validated"] = validate_resume_file(upload)
        except ResumeError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        return upload


class JsonResumeImportForm(forms.Form):
    json_file = forms.FileField(
        label=_("JSON Resume file"),
        help_text=_("A resume.json in the JSON Resume format."),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_json_file(self) -> Any:
        upload = self.cleaned_data["json_file"]
        try:
            raw = read_limited(upload, int(settings.RESUME_JSON_MAX_BYTES))
            self.cleaned_data["data"] = jsonresume.parse_import(raw)
        except ResumeError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        return upload


class ResumeRenameForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)


# --- the review editor ---------------------------------------------------------------------------

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
DATE_HELP = _("YYYY-MM (or YYYY). Leave the end empty if current.")


def _date_field(label: str | Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM", "inputmode": "numeric"}),
    )


def _clean_date(value: str) -> str:
    value = (value or "").strip()
    if value and not _PARTIAL_DATE.match(value):
        raise ValidationError(_("Use YYYY-MM, YYYY or YYYY-MM-DD, e.g. 2021-09."))
    return value


class _DatesMixin(forms.Form):
    def clean_startDate(self) -> str:
        return _clean_date(self.cleaned_data.get("startDate", ""))

    def clean_endDate(self) -> str:
        return _clean_date(self.cleaned_data.get("endDate", ""))


def _text(label: Any, *, max_length: int = 300, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _lines(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=jsonresume.MAX_TEXT * 4,
    )


def _paragraph(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=jsonresume.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BasicsForm(forms.Form):
    name = _text(_("Full name"))
    label = _text(_("Headline"))
    email = forms.EmailField(label=_("Email"), required=False)
    phone = _text(_("Phone"), max_length=50)
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    city = _text(_("City"), max_length=120)
    region = _text(_("Region"), max_length=120)
    countryCode = _text(_("Country code"), max_length=2)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=jsonresume.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_countryCode(self) -> str:
        return (self.cleaned_data.get("countryCode") or "").upper()


class LinkForm(forms.Form):
    network = _text(_("Network"), max_length=60)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    username = _text(_("Username"), max_length=120)


class WorkForm(_DatesMixin):
    position = _text(_("Position"))
    name = _text(_("Company"))
    location = _text(_("Location"), max_length=120)
    startDate = _date_field(_("Start"))
    endDate = _date_field(_("End"))
    summary = _paragraph(_("Description"))
    highlights = _lines(_("Highlights"), _("One per line."))


class EducationForm(_DatesMixin):
    institution = _text(_("Institution"))
    studyType = _text(_("Degree"))
    area = _text(_("Field of study"))
    startDate = _date_field(_("Start"))
    endDate = _date_field(_("End"))
    score = _text(_("Grade"), max_length=60)


class SkillForm(forms.Form):
    name = _text(_("Skill"))
    level = _text(_("Level"), max_length=60)
    keywords = _text(_("Keywords"), max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keywords"].help_text = _("Comma-separated.")


class LanguageForm(forms.Form):
    language = _text(_("Language"), max_length=60)
    cefr = forms.ChoiceField(
        label=_("CEFR level"),
        required=False,
        choices=[
            ("", _("Not stated")),
            *[(level, level) for level in jsonresume.CEFR_LEVELS[:-1]],
            ("Native", _("Native")),
        ],
    )
    fluency = _text(_("Fluency (as written)"), max_length=60)


class CertificateForm(forms.Form):
    name = _text(_("Certificate"))
    issuer = _text(_("Issuer"))
    date = _date_field(_("Date"))
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def clean_date(self) -> str:
        return _clean_date(self.cleaned_data.get("date", ""))


class ProjectForm(_DatesMixin):
    name = _text(_("Project"))
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    startDate = _date_field(_("Start"))
    endDate = _date_field(_("End"))
    description = _paragraph(_("Description"))
    highlights = _lines(_("Highlights"), _("One per line."))


# section key -> (form class, heading, "add" label)
SECTION_FORMS: dict[str, tuple[type[forms.Form], Any, Any]] = {
    "profiles": (LinkForm, _("Links"), _("Add a link")),
    "work": (WorkForm, _("Work experience"), _("Add a position")),
    "education": (EducationForm, _("Education"), _("Add education")),
    "skills": (SkillForm, _("Skills"), _("Add a skill")),
    "languages": (LanguageForm, _("Languages"), _("Add a language")),
    "certificates": (CertificateForm, _("Certificates"), _("Add a certificate")),
    "projects": (ProjectForm, _("Projects"), _("Add a project")),
}
_LIST_AS_LINES = {"highlights"}
_LIST_AS_COMMAS = {"keywords"}


def _formset_class(form_class: type[forms.Form]) -> Any:
    return formset_factory(form_class, extra=1, can_delete=True, max_num=100, absolute_max=150)


class ResumeEditor:
    """The basics form and one formset per section, bound or initial."""

    def __init__(self, data: Any = None, *, initial: dict[str, Any] | None = None) -> None:
        initial = initial or edit_initial({})
        self.basics = BasicsForm(data, prefix="basics", initial=initial["basics"])
        self.sections: list[tuple[str, Any, Any, Any]] = []
        for key, (form_class, heading, add_label) in SECTION_FORMS.items():
            formset = _formset_class(form_class)(data, prefix=key, initial=initial[key])
            for form in formset.forms:
                form.fields["DELETE"].label = _("Remove")
                form.entry_title, form.entry_dates = _entry_summary(key, form)
            self.sections.append((key, heading, add_label, formset))

    def is_valid(self) -> bool:
        results = [self.basics.is_valid()] + [fs.is_valid() for _k, _h, _a, fs in self.sections]
        return all(results)

    def to_data(self) -> dict[str, Any]:
        return edit_data(self)


def _entry_summary(key: str, form: forms.Form) -> tuple[str, str]:
    """The collapsed entry's one-line title and dates, from bound or initial values."""

    def value(name: str) -> str:
        if name not in form.fields:
            return ""
        return str(form[name].value() or "").strip()

    parts: list[str]
    if key == "work":
        parts = [value("position"), value("name")]
    elif key == "education":
        parts = [value("studyType") or value("area"), value("institution")]
    elif key == "languages":
        parts = [value("language"), value("cefr") or value("fluency")]
    elif key == "profiles":
        parts = [value("network") or value("url")]
    elif key == "skills":
        parts = [value("name") or value("keywords")]
    else:
        parts = [value("name")]
    title = " · ".join(part for part in parts if part) or str(_("Untitled"))
    start, end = value("startDate"), value("endDate")
    dates = f"{start or '…'} \u2013 {end or _('present')}" if (start or end) else ""
    return title, dates


def edit_initial(data: Any) -> dict[str, Any]:
    """Stored JSON Resume -> initial values of the editor's forms."""
    data = jsonresume.normalise(data)
    basics = data["basics"]
    initial: dict[str, Any] = {
        "basics": {
            **{key: basics[key] for key in ("name", "label", "email", "phone", "url", "summary")},
            **{key: basics["location"][key] for key in ("city", "region", "countryCode")},
        },
        "profiles": basics["profiles"],
    }
    for section in jsonresume.SECTIONS:
        rows = []
        for entry in data[section]:
            row = dict(entry)
            for key in _LIST_AS_LINES & row.keys():
                row[key] = "\n".join(row[key])
            for key in _LIST_AS_COMMAS & row.keys():
                row[key] = ", ".join(row[key])
            rows.append(row)
        initial[section] = rows
    return initial


def edit_data(editor: ResumeEditor) -> dict[str, Any]:
    """A valid editor -> JSON Resume data (normalised)."""
    basics = dict(editor.basics.cleaned_data)
    location = {key: basics.pop(key, "") for key in ("city", "region", "countryCode")}
    result: dict[str, Any] = {"basics": {**basics, "location": location}}
    for key, _heading, _add, formset in editor.sections:
        rows = []
        for form in formset.forms:
            cleaned = dict(getattr(form, "cleaned_data", {}) or {})
            if not cleaned or cleaned.pop("DELETE", False):
                continue
            for field in _LIST_AS_LINES & cleaned.keys():
                cleaned[field] = [line.strip(" •-*\t") for line in cleaned[field].splitlines()]
            for field in _LIST_AS_COMMAS & cleaned.keys():
                cleaned[field] = [item.strip() for item in cleaned[field].split(",")]
            rows.append(cleaned)
        if key == "profiles":
            result["basics"]["profiles"] = rows
        else:
            result[key] = rows
    return jsonresume.normalise(result)


class OptimiseForm(MatchForm):
    """The job to optimise for: the same fields as scoring, plus the score it came from."""

    match = forms.IntegerField(required=False, widget=forms.HiddenInput)


class VersionNameForm(forms.Form):
    name = forms.CharField(
        label=_("Version name"),
        max_length=120,
        strip=True,
        help_text=_("For example the company and role: “Acme — Data Engineer”."),
        error_messages={"required": _("Give the version a name.")},
    )

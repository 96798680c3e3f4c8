"""The web side of the match score: the job-description form and the translated reasons.

The engine (resumes.scoring) stays free of Django and stores reason *codes* with parameters;
this module turns them into sentences in the reader's language at display time, so a score
saved in English reads in Italian to an Italian user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resumes.scoring import MAX_JOB_CHARS

JOB_MIN_CHARS = 20

COMPONENT_LABELS: dict[str, Promise] = {
    "must_haves": _("Must-have requirements"),
    "skills": _("Skills and keywords"),
    "title": _("Job title fit"),
    "experience": _("Years of experience"),
    "education": _("Education"),
    "languages": _("Languages"),
}

MESSAGES: dict[str, Promise] = {
    "must_met": _("Meets must-have: %(requirement)s"),
    "must_missing": _("Missing must-have: %(requirement)s"),
    "must_none": _("No must-have requirements found in the job description"),
    "must_summary": _("Meets %(met)s of %(total)s must-have requirements"),
    "skills_covered": _("Covers %(matched)s of %(total)s skills and keywords"),
    "skills_missing": _("Missing: %(items)s"),
    "skills_none": _("No skills or keywords found in the job description"),
    "nice_met": _("Nice to have, on your CV: %(items)s"),
    "title_match": _("Job title “%(job_title)s” matches “%(cv_title)s” on your CV"),
    "title_partial": _("Job title “%(job_title)s” partly matches “%(cv_title)s” on your CV"),
    "title_no_match": _("No title on your CV resembles “%(job_title)s”"),
    "title_none": _("No job title given"),
    "experience_met": _("Requires %(required)s+ years; CV shows about %(actual)s years"),
    "experience_short": _("Requires %(required)s+ years; CV shows about %(actual)s years"),
    "experience_none": _("No years of experience required"),
    "education_met": _("Requires a %(required)s; CV shows a %(actual)s"),
    "education_short": _("Requires a %(required)s; CV shows a %(actual)s"),
    "education_missing": _("Requires a %(required)s; none found on your CV"),
    "education_equivalent": _("Equivalent experience is accepted instead of the degree"),
    "education_none": _("No degree required"),
    "language_met": _("%(language)s %(required)s required; CV shows %(actual)s"),
    "language_short": _("%(language)s %(required)s required; CV shows %(actual)s"),
    "language_missing": _("%(language)s %(required)s required; not listed on your CV"),
    "languages_none": _("No language requirements"),
    "renormalised": _("Not mentioned in the job description, so not scored: %(components)s"),
    "thin_job": _(
        "The job description is too short to score against: paste the full text, "
        "with its requirements."
    ),
}

DEGREES: dict[str, Promise] = {
    "bachelor": _("bachelor's degree"),
    "master": _("master's degree"),
    "doctorate": _("doctorate"),
}
LANGUAGES: dict[str, Promise] = {
    "English": _("English"),
    "Italian": _("Italian"),
    "French": _("French"),
    "German": _("German"),
    "Spanish": _("Spanish"),
    "Portuguese": _("Portuguese"),
    "Dutch": _("Dutch"),
    "Chinese": _("Chinese"),
    "Arabic": _("Arabic"),
    "Russian": _("Russian"),
    "Japanese": _("Japanese"),
}
NATIVE = pgettext_lazy("language level", "native")


class MatchForm(forms.Form):
    job_description = forms.CharField(
        label=_("Job description"),
        min_length=JOB_MIN_CHARS,
        max_length=MAX_JOB_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_("Paste the whole ad, requirements included (up to %(max)s characters).")
        % {"max": f"{MAX_JOB_CHARS:,}"},
        error_messages={
            "required": _("Paste the job description to score your CV against."),
            "max_length": _(
                "This is longer than %(limit_value)s characters: paste the job description "
                "only (it has %(show_value)s)."
            ),
            "min_length": _("This is too short to be a job description."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength in the page: a browser would cut a long paste silently; the server says
        # how long it was instead.
        self.fields["job_description"].widget.attrs.pop("maxlength", None)

    job_title = forms.CharField(
        label=_("Job title (optional)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the first line of the description."),
    )


@dataclass(frozen=True)
class ShownReason:
    text: str
    positive: bool | None


def _param(key: str, value: Any) -> Any:
    if key in ("required", "actual") and value in DEGREES:
        return DEGREES[value]
    if key in ("required", "actual") and value == "native":
        return NATIVE
    if key == "language":
        return LANGUAGES.get(value, value)
    if key == "components":
        parts = value.split(", ")
        return ", ".join(str(COMPONENT_LABELS.get(part, part)).lower() for part in parts)
    return value


def reason_text(reason: dict[str, Any]) -> ShownReason:
    """A stored reason (code + params) as a sentence in the active language."""
    code = str(reason.get("code", ""))
    params = reason.get("params") or {}
    template = MESSAGES.get(code)
    if template is None:  # a code from a newer engine: show nothing rather than break
        return ShownReason("", None)
    shown = {key: _param(key, value) for key, value in params.items()}
    return ShownReason(str(template) % shown, reason.get("positive"))

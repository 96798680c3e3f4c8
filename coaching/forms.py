"""Forms for coaching pages: they validate input; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.models import Language, Length, Letter, Story, Tone

MAX_JOB_CHARS = 20_000


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to write"), choices=Letter.Kind.choices)
    application = forms.TypedChoiceField(
        label=_("Tracked application"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Its job description, company and title are used."),
    )
    cv = forms.ChoiceField(label=_("CV to write from"))
    company = forms.CharField(label=_("Company"), max_length=160, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    job_description = forms.CharField(
        label=_("Job description"),
        required=False,
        max_length=MAX_JOB_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste the ad when the job is not in your tracker."),
    )
    tone = forms.ChoiceField(label=_("Tone"), choices=Tone.choices, initial=Tone.FORMAL)
    length = forms.ChoiceField(label=_("Length"), choices=Length.choices, initial=Length.STANDARD)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)

    def __init__(
        self,
        *args: Any,
        applications: list[tuple[int, str]],
        cv_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        app_field = self.fields["application"]
        assert isinstance(app_field, forms.ChoiceField)
        app_field.choices = [("", _("— None: I'll paste the job —")), *applications]
        cv_field = self.fields["cv"]
        assert isinstance(cv_field, forms.ChoiceField)
        cv_field.choices = cv_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("application") is None:
            if not (data.get("job_description") or "").strip():
                self.add_error(
                    "job_description",
                    _("Choose a tracked application or paste the job description."),
                )
            if not (data.get("company") or "").strip():
                self.add_error("company", _("Which company is it for?"))
            if not (data.get("job_title") or "").strip():
                self.add_error("job_title", _("Which role is it for?"))
            if data.get("kind") != Letter.Kind.COVER_LETTER:
                self.add_error(
                    "application",
                    _("Follow-up and thank-you emails are written for a tracked application."),
                )
        return data


class LetterEditForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 18})
    )


class StoryForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]
    class Meta:
        model = Story
        fields = ("title", "situation", "task", "action", "result", "skills")
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 2}),
            "task": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }


class PracticeForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        min_length=10,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=_("Type it as you would say it. Aim for 120-300 words, STAR structure."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RenameForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentChoicesForm(forms.Form):
    """The banner's and the settings' answer. `choice` is the button pressed: accept and reject
    answer every purpose at once; save keeps the ticked boxes."""

    CHOICES = (("accept", _("Accept all")), ("reject", _("Reject all")), ("save", _("Save")))

    choice = forms.ChoiceField(choices=CHOICES)
    analytics = forms.BooleanField(
        label=_("Analytics"),
        required=False,
        help_text=_("Helps us understand how the product is used (PostHog), with a random id."),
    )
    marketing = forms.BooleanField(
        label=_("Marketing"),
        required=False,
        help_text=_("Measures sign-ups and purchases from ads (Meta), with hashed identifiers."),
    )
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def choices(self) -> dict[str, bool]:
        choice = self.cleaned_data["choice"]
        if choice == "accept":
            return {"analytics": True, "marketing": True}
        if choice == "reject":
            return {"analytics": False, "marketing": False}
        return {
            "analytics": bool(self.cleaned_data["analytics"]),
            "marketing": bool(self.cleaned_data["marketing"]),
        }


class RestrictionForm(forms.Form):
    ai_restricted = forms.BooleanField(
        label=_("Restrict AI processing of my CVs"),
        required=False,
        help_text=_(
            "AI features (parsing, scoring, optimising) will not read your CVs until you lift "
            "the restriction. You can still upload, edit and export them."
        ),
    )

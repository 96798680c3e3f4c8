from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.images import ProcessedPicture, picture_process
from accounts.models import Profile


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    accept_policies = forms.BooleanField(
        label=_("I accept the terms and the privacy policy"),
        required=True,
        error_messages={"required": _("Please accept the terms and the privacy policy.")},
    )

    field_order = ["full_name", "email", "password1", "password2", "accept_policies"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accept_policies"].label = format_html(
            gettext(
                'I accept the <a href="{terms}" target="_blank">terms</a> and the '
                '<a href="{privacy}" target="_blank">privacy policy</a>'
            ),
            terms=reverse("policy_terms"),
            privacy=reverse("policy_privacy"),
        )

    def save(self, request: Any) -> Any:
        from accounts.models import Profile
        from privacy.consent import interfaces as consent

        user = super().save(request)
        if self.cleaned_data.get("full_name"):
            Profile.objects.filter(user=user).update(full_name=self.cleaned_data["full_name"])
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            # The exact versions in force are recorded, in the sign-up's transaction.
            consent.policies_accept(tenant=tenant, user=user)
            consent.track_event(
                request=request, user=user, tenant=tenant, event="CompleteRegistration"
            )
        return user


class ProfileForm(forms.ModelForm):
    """The profile fields a user edits on Settings > Profile (the picture has its own form)."""

    class Meta:
        model = Profile
        fields = ["full_name", "headline", "target_roles", "location", "timezone", "language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "headline": forms.TextInput(
                attrs={"placeholder": _("e.g. Data analyst moving into product")}
            ),
            "target_roles": forms.TextInput(
                attrs={"placeholder": _("e.g. Data analyst, BI developer")}
            ),
            "location": forms.TextInput(
                attrs={"autocomplete": "address-level2", "placeholder": _("e.g. Milan, Italy")}
            ),
        }
        help_texts = {
            "headline": _("One line that sums up what you do or want to do next."),
            "target_roles": _("Comma-separated. Used to match you with jobs."),
            "language": _("Also switches the language of this interface."),
        }


class ProfilePictureForm(forms.Form):
    # A plain FileField, not ImageField: accounts.images judges the *content* and gives a
    # specific reason (too large, not an image, truncated, too many pixels) instead of one
    # generic message.
    picture = forms.FileField(
        label=_("New picture"),
        help_text=_(
            "JPEG, PNG or WebP, up to 5 MB. It is resized to 512 x 512 and stripped of metadata."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_picture(self) -> ProcessedPicture:
        upload = self.cleaned_data["picture"]
        return picture_process(upload, size=upload.size)

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def save(self, request: Any) -> Any:
        from accounts.models import Profile

        user = super().save(request)
        if self.cleaned_data.get("full_name"):
            Profile.objects.filter(user=user).update(full_name=self.cleaned_data["full_name"])
        return user

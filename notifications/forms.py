from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Tenant
from notifications.models import Channel, Kind
from notifications.selectors import CONFIGURABLE_KINDS

# Where the finer choices for a kind live: this page's choice applies on top of them.
HELP_TEXTS = {
    Kind.REMINDER: _(
        "Applies on top of Reminders & calendar, where you choose which reminders you get "
        "and how many days before a deadline."
    ),
    Kind.RADAR_DIGEST: _("How often the digest comes is set on the Job Radar page."),
}


class PreferencesForm(forms.Form):
    """One select per notification type: email and in the app / email / in the app / off."""

    def __init__(self, *args: Any, initial_channels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in CONFIGURABLE_KINDS:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=initial_channels[kind.value],
                help_text=HELP_TEXTS.get(kind, ""),
            )


class NewsletterForm(forms.Form):
    subscribe = forms.TypedChoiceField(
        choices=[("1", _("Subscribe")), ("0", _("Unsubscribe"))], coerce=lambda v: v == "1"
    )


class CampaignForm(forms.Form):
    tenant = forms.ModelChoiceField(
        label=_("Workspace"), queryset=Tenant.objects.filter(is_active=True)
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))

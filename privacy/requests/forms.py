from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Tenant, User
from privacy.requests.models import DataSubjectRequest, RequestAction

KIND_HELP = _(
    "Access: a copy of your data. Correct: fix something wrong. Erase: delete your account and "
    "data. Restrict or object: stop some processing (for example AI analysis or analytics). "
    "Portability: your data in a machine-readable file."
)


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard and screen readers) and
    bots fill in. A filled honeypot is answered like a success, so the bot learns nothing."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class MyRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like us to do?"),
        choices=DataSubjectRequest.Kind.choices,
        help_text=KIND_HELP,
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a correction, tell us what is wrong and what it should say."),
    )


class PublicRequestForm(HoneypotMixin, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Use the address you have an account with. We email a code to it."),
    )
    kind = forms.ChoiceField(
        label=_("What would you like us to do?"),
        choices=DataSubjectRequest.Kind.choices,
        help_text=KIND_HELP,
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = ["full_name", "email", "kind", "details", "website"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter the 6 digits from the email.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )


class ContactForm(HoneypotMixin, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email address"), max_length=254)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    field_order = ["full_name", "email", "subject", "message", "website"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


# --- support console ----------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    tenant = forms.ModelChoiceField(
        label=_("Tenant"),
        queryset=Tenant.objects.order_by("name"),
        required=False,
        empty_label=_("All tenants"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *DataSubjectRequest.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("", _("All statuses")), *DataSubjectRequest.Status.choices],
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ChoiceField)
        assignee.choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Unassigned")),
            *[(str(user.pk), user.email) for user in staff],
        ]


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ChoiceField)
        assignee.choices = [
            ("", _("Nobody")),
            *[(pk, user.email) for pk, user in self.staff.items()],
        ]

    def assignee_user(self) -> User | None:
        return self.staff.get(self.cleaned_data.get("assignee") or "")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=DataSubjectRequest.Status.choices)
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject; sent to the requester."),
    )
    resolution = forms.CharField(
        label=_("Message to the requester"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional; included in the email when the request is closed."),
    )


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Extend by"),
        coerce=int,
        # Totals, counted from the original deadline: "2" after "1" adds one more month.
        choices=[(1, _("1 more month")), (2, _("2 more months"))],
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the requester with the new date."),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(forms.Form):
    # Which actions fit the request is checked by the service (request_run_action).
    action = forms.ChoiceField(label=_("Action"), choices=RequestAction.choices)

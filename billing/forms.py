from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import Plan


class CheckoutForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=Plan.cross_tenant.none())
    interval = forms.ChoiceField(
        choices=(("month", _("Monthly")), ("year", _("Yearly"))), initial="month"
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Evaluated per request, inside the tenant context (the default manager needs it).
        self.fields["plan"].queryset = Plan.objects.filter(is_public=True)  # type: ignore[attr-defined]

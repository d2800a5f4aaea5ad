"""Public forms of an action: who is calling (all optional), and what happened on a call."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin

from .models import ActionTaken


class CallerForm(SpamGuardFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        help_text=_("Said on the call, so the office knows a real person is calling."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    city = forms.CharField(
        label=_("Your town or city"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        required=False,
        help_text=_("So we can count your calls with your other support. Never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid email address, like ana@example.org.")},
    )


class ZipForm(forms.Form):
    zip_code = forms.CharField(
        label=_("Your ZIP code"),
        max_length=10,
        help_text=_("To find your own legislators. It is not kept."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={
            "required": _("Enter your ZIP code, like 60625, to find your legislators.")
        },
    )

    def clean_zip_code(self) -> str:
        value: str = self.cleaned_data["zip_code"].strip()[:5]
        if not (len(value) == 5 and value.isdigit()):
            raise forms.ValidationError(_("Enter a 5-digit ZIP code, like 60625."))
        return value


class OutcomeForm(forms.Form):
    target = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        choices=[(o.value, o.label) for o in ActionTaken.CALL_OUTCOMES]
    )

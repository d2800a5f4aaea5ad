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


class OutcomeForm(forms.Form):
    target = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=ActionTaken.Outcome.choices)

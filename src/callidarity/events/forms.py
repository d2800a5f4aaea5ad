"""The public RSVP form: her name, email and, if she likes, a phone number."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin


class RSVPForm(SpamGuardFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("For your confirmation, a reminder the day before, and a link to cancel."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email, like ana@example.org."),
            "invalid": _("Enter a valid email address, like ana@example.org."),
        },
    )
    phone = forms.CharField(
        label=_("Your phone"),
        max_length=40,
        required=False,
        help_text=_("Only for the organizers, if plans change on the day."),
        widget=forms.TelInput(attrs={"autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        value: str = self.cleaned_data["phone"].strip()
        digits = sum(c.isdigit() for c in value)
        if value and (digits < 7 or any(c not in "0123456789 +-().ext" for c in value.lower())):
            raise forms.ValidationError(_("Enter a phone number, like 312-555-0142."))
        return value

"""Public forms on campaign pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin


class SubscribeForm(SpamGuardFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to confirm. Never shown in public or shared."),
        error_messages={
            "invalid": _("Enter a valid email address, like ana@example.org."),
            "required": _("Enter your email address."),
        },
    )

"""Public forms on bill pages: following a bill by email, and "I filed my witness slip"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin

_EMAIL_ERRORS = {
    "required": _("Enter your email, like ana@example.org."),
    "invalid": _("Enter a valid email address, like ana@example.org."),
}


class FollowForm(SpamGuardFormMixin, forms.Form):
    # Prefixed: the bill page may carry other forms with an email field.
    prefix = "follow"

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_(
            "We send a link to confirm, then one email each time the bill moves. "
            "Never shown in public or shared."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=_EMAIL_ERRORS,
    )


class SlipForm(SpamGuardFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("So each person is counted once. Never shown in public or shared."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=_EMAIL_ERRORS,
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Your name can be at most %(limit_value)d characters.")},
    )

"""The two-factor forms: one code field each, cleaned to the shape its check expects."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import RECOVERY_CODE, TOTP_CODE, normalize_code


def _code_widget(inputmode: str) -> forms.TextInput:
    # "numeric" brings up the digit keypad; one-time-code lets phones fill it from the app.
    return forms.TextInput(
        attrs={
            "inputmode": inputmode,
            "autocomplete": "one-time-code",
            "autocapitalize": "off",
            "spellcheck": "false",
        }
    )


class ConfirmAuthenticatorForm(forms.Form):
    """The first code from a newly added authenticator app."""

    code = forms.CharField(
        label=_("The 6-digit code your app shows"),
        max_length=20,
        widget=_code_widget("numeric"),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not TOTP_CODE.match(code):
            raise forms.ValidationError(_("Enter the 6 digits your app shows."))
        return code


class VerifyForm(forms.Form):
    """A code from the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        max_length=20,
        # Recovery codes have letters: no digit keypad here.
        widget=_code_widget("text"),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not (TOTP_CODE.match(code) or RECOVERY_CODE.match(code)):
            raise forms.ValidationError(
                _("Enter the 6 digits from your app, or a recovery code (8 letters and digits).")
            )
        return code

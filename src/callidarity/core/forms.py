"""Pieces every public form shares: a honeypot that people never see."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotFormMixin(forms.Form):
    """A field people leave empty and simple bots fill; `is_bot()` tells which."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        """Return True when the honeypot was filled in."""
        data: Any = self.data
        return bool(str(data.get("website", "")).strip())

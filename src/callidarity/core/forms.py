"""What every public form shares: defences against bots that cost people nothing.

A honeypot field that people never see (hidden from eyes, screen readers, keyboards and
password managers) and a signed time stamp of when the form was shown: a form sent back
faster than `FORM_MIN_FILL_SECONDS`, or with the stamp missing or forged, is a bot's.
Views answer a bot as if it had succeeded and store nothing. Render both fields with
`{% include "_spam_guard.html" %}`.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

_SALT = "callidarity.core.forms.started"


def started_stamp(at: float | None = None) -> str:
    """Return the signed stamp a form carries of when it was shown (now by default)."""
    return signing.dumps(round(time.time() if at is None else at, 1), salt=_SALT)


class SpamGuardFormMixin(forms.Form):
    """A honeypot and a minimum fill time; `is_bot()` says whether either caught the sender."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = started_stamp()

    def is_bot(self) -> bool:
        """Return True when the honeypot was filled in or the form came back too fast."""
        data: Any = self.data
        # add_prefix: two forms on one page (e.g. donate and the wall) each carry a prefix.
        if str(data.get(self.add_prefix("website"), "")).strip():
            return True
        minimum = settings.FORM_MIN_FILL_SECONDS
        if minimum <= 0:
            return False
        try:
            started = str(data.get(self.add_prefix("started"), ""))
            shown_at = float(signing.loads(started, salt=_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return True
        return time.time() - shown_at < minimum

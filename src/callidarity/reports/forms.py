"""The export form: which report, and the first and last day it covers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exports import Export


def _first_of_month() -> Any:
    return timezone.localdate().replace(day=1)


class ExportForm(forms.Form):
    report = forms.ChoiceField(label=_("Report"))
    start = forms.DateField(
        label=_("From"),
        initial=_first_of_month,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, for example 2026-01-31.")},
    )
    end = forms.DateField(
        label=_("To (inclusive)"),
        initial=timezone.localdate,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, for example 2026-01-31.")},
    )

    def __init__(self, *args: Any, allowed: Sequence[Export], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only the reports this person may take.
        self.fields["report"].choices = [(e.slug, e.label) for e in allowed]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot be before the first day."))
        return data

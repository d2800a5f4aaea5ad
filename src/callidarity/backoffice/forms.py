"""Forms of the organizers' own pages: deciding requests, entering letters, the weekly run."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.aid.forms import SupportRequestForm
from callidarity.aid.models import DisbursementLine, Facility, SupportRequest
from callidarity.aid.selectors import list_funds
from callidarity.aid.services.runs import WEEKS_AHEAD, WEEKS_BACK
from callidarity.core.money import Money, MoneyError


class MoneyField(forms.CharField):
    """Dollars typed as text ("15", "15.00", "$15"), cleaned to Money (or None if blank).

    At most PLAN_WEEKLY_MAX_CENTS: every amount typed here is a weekly one.
    """

    def __init__(self, *args: Any, currency: str = "", **kwargs: Any) -> None:
        self.currency = currency or settings.DEFAULT_CURRENCY
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 8}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Money | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        try:
            amount = Money.parse(text, self.currency)
        except MoneyError as error:
            raise forms.ValidationError(str(error)) from None
        if amount.cents > settings.PLAN_WEEKLY_MAX_CENTS:
            most = Money(settings.PLAN_WEEKLY_MAX_CENTS, self.currency)
            raise forms.ValidationError(
                _("A weekly amount can be at most %(max)s.") % {"max": most}
            )
        return amount


class FundChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ApproveForm(forms.Form):
    calls = MoneyField(label=_("Weekly for phone calls"), required=False, initial="15")
    commissary = MoneyField(label=_("Weekly for commissary"), required=False)
    fund = FundChoiceField(label=_("Paid from"), queryset=list_funds(), empty_label=None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        plans = [(k, data.get(k)) for k in ("calls", "commissary")]
        if not any(amount is not None and amount.cents > 0 for _, amount in plans):
            raise forms.ValidationError(_("Give at least one weekly amount above zero."))
        for name, amount in plans:
            if amount is not None and amount.cents < 0:
                self.add_error(name, _("A weekly amount cannot be negative."))
        return data

    def plans(self) -> list[tuple[str, Money]]:
        """Return the weekly plans to create, as (kind, amount)."""
        fund = self.cleaned_data["fund"]
        result = []
        for field, kind in (("calls", "phone"), ("commissary", "commissary")):
            amount = self.cleaned_data.get(field)
            if amount is not None and amount.cents > 0:
                result.append((kind, Money(amount.cents, fund.currency)))
        return result


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the requester reads it)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffRequestForm(SupportRequestForm):
    """A request typed in from a letter or a call: no consent box, no contact required."""

    requires_contact = False
    source = forms.ChoiceField(
        label=_("Came by"),
        choices=[c for c in SupportRequest.Source.choices if c[0] != SupportRequest.Source.WEB],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("consent", "website", "started"):
            del self.fields[name]
        self.fields["relationship"].required = False


def _this_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


class ProposeRunForm(forms.Form):
    fund = FundChoiceField(label=_("Paid from"), queryset=list_funds(), empty_label=None)
    week = forms.DateField(
        label=_("Week of"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Any day of the week; the run covers Monday to Sunday."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["week"].initial = _this_monday()

    def clean_week(self) -> datetime.date:
        week: datetime.date = self.cleaned_data["week"]
        monday = _this_monday()
        back, ahead = datetime.timedelta(weeks=WEEKS_BACK), datetime.timedelta(weeks=WEEKS_AHEAD)
        if not monday - back <= week <= monday + ahead:
            raise forms.ValidationError(
                _("Choose a week within a year before and %(ahead)d weeks after this one.")
                % {"ahead": WEEKS_AHEAD}
            )
        return week


class ConfirmLineForm(forms.Form):
    confirmation_number = forms.CharField(
        label=_("Vendor confirmation number"), max_length=100, strip=True
    )


class FailLineForm(forms.Form):
    failure = forms.ChoiceField(label=_("Why it failed"), choices=DisbursementLine.Failure.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class WhatIfForm(forms.Form):
    members = forms.IntegerField(label=_("Add how many members?"), min_value=0, max_value=10_000)
    weekly = MoneyField(label=_("At how much a week each?"))
    facility = forms.ModelChoiceField(
        label=_("Held at"),
        queryset=Facility.objects.order_by("name"),
        required=False,
        empty_label=_("No deposit fee"),
    )
    weeks = forms.IntegerField(label=_("For how many weeks?"), min_value=1, max_value=520)

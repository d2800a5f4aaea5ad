"""The public forms of donations: give, and ask for a year-end statement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin
from callidarity.core.money import Money, MoneyError

from .exceptions import DonationError
from .services import check_amount


class DonateForm(SpamGuardFormMixin, forms.Form):
    amount = forms.CharField(
        label=_("Amount in dollars"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("For example 25 or 25.00"),
        error_messages={"required": _("Enter the amount you want to give.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("For your receipt. Never shown in public."),
        error_messages={
            "invalid": _("Enter a valid email address, like ana@example.org."),
            "required": _("Enter your email address, so we can send your receipt."),
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    anonymous = forms.BooleanField(label=_("Show my gift as anonymous"), required=False)
    wants_updates = forms.BooleanField(
        label=_("Email me the organizers' updates about this campaign"), required=False
    )
    message = forms.CharField(
        label=_("A message of support (shown in public)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, currency: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency or settings.DEFAULT_CURRENCY

    def clean_amount(self) -> Money:
        try:
            amount = Money.parse(self.cleaned_data["amount"], self.currency)
            check_amount(amount)
        except (MoneyError, DonationError) as exc:
            raise forms.ValidationError(str(exc)) from None
        return amount


# Statements can be asked for this year and the ones before it.
STATEMENT_YEARS = 4


def recent_years() -> list[int]:
    """Return the years a statement can be asked for, newest first."""
    this_year = timezone.localdate().year
    return [this_year - n for n in range(STATEMENT_YEARS)]


class StatementRequestForm(SpamGuardFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The address you gave with. We email the link there, and only there."),
        error_messages={
            "invalid": _("Enter a valid email address, like ana@example.org."),
            "required": _("Enter the email address you gave with."),
        },
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Choose one of the years in the list."),
            "required": _("Choose a year."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = recent_years()
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(year, str(year)) for year in years]
        # Statements are mostly asked for at tax time, for the year just ended.
        year_field.initial = years[1]

"""The public forms of donations: give, and ask for a year-end statement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin
from callidarity.core.money import Money, MoneyError

from .exceptions import DonationError
from .services import check_amount, fee_cover_cents


class DonateForm(SpamGuardFormMixin, forms.Form):
    ONCE, MONTHLY = "once", "monthly"

    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[(ONCE, _("Give once")), (MONTHLY, _("Give monthly"))],
        initial=ONCE,
        required=False,  # a form without it (an older page) gives once
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose once or monthly.")},
    )
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

    cover_fees = forms.BooleanField(label=_("Cover the card fee"), required=False)

    def __init__(self, *args: Any, currency: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency or settings.DEFAULT_CURRENCY
        if not self.is_bound:
            self.initial.setdefault("frequency", self.ONCE)
        # Without JavaScript the amount is unknown here: say how the cover is counted and
        # what it adds to a typical gift; the payment page shows the exact total.
        example = Money(2500, self.currency)
        self.fields["cover_fees"].help_text = gettext(
            "Adds %(percent)s%% + %(fixed)s so all of your gift reaches the fund: "
            "%(cover)s on a %(example)s gift. The payment page shows the total."
        ) % {
            "percent": settings.FEE_COVER_PERCENT,
            "fixed": Money(settings.FEE_COVER_FIXED_CENTS, self.currency),
            "cover": Money(fee_cover_cents(example.cents), self.currency),
            "example": example,
        }

    def clean_frequency(self) -> str:
        return str(self.cleaned_data.get("frequency") or self.ONCE)

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

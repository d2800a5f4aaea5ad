"""Money: an integer number of cents and an ISO 4217 currency. Never a float."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Currencies this install can hold. All use two decimal places, so "cents" is exact.
CURRENCIES = frozenset({"USD", "CAD", "MXN", "EUR", "GBP"})
SYMBOLS = {"USD": "$", "CAD": "$", "MXN": "$", "EUR": "€", "GBP": "£"}

# Digits with optional thousands separators ("1,000"), then an optional 1-2 digit fraction.
_AMOUNT = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{1,2}))?$")


class MoneyError(ValueError):
    """The text or value is not a valid amount of money; the message says why."""


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount: `cents` (int, may be negative for ledger lines) and `currency`."""

    cents: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.cents, bool) or not isinstance(self.cents, int):
            raise MoneyError(_("An amount must be a whole number of cents."))
        if self.currency not in CURRENCIES:
            raise MoneyError(_("Unknown currency: %(code)s.") % {"code": self.currency})

    @classmethod
    def parse(cls, text: object, currency: str) -> Money:
        """Parse what a person types ("12.50", "$1,000", "25") into a non-negative amount."""
        if not isinstance(text, str):
            raise MoneyError(_("Enter an amount such as 25 or 25.00."))
        cleaned = text.strip().replace(" ", "")
        if cleaned.startswith(("-", "\u2212")):  # hyphen-minus or minus sign
            raise MoneyError(_("The amount cannot be negative."))
        symbol = SYMBOLS.get(currency, "")
        if symbol and cleaned.startswith(symbol):
            cleaned = cleaned[len(symbol) :]
        if cleaned.upper().endswith(currency):
            cleaned = cleaned[: -len(currency)]
        if cleaned.startswith("-"):
            raise MoneyError(_("The amount cannot be negative."))
        match = _AMOUNT.match(cleaned)
        if not match:
            if re.match(r"^[0-9,]*\.[0-9]{3,}$", cleaned):
                raise MoneyError(_("Use at most two digits after the decimal point."))
            raise MoneyError(_("Enter an amount such as 25 or 25.00."))
        whole, _sep, fraction = cleaned.partition(".")
        cents = int(whole.replace(",", "")) * 100 + int((fraction or "0").ljust(2, "0"))
        return cls(cents, currency)

    def __add__(self, other: Money) -> Money:
        self._check_same_currency(other)
        return Money(self.cents + other.cents, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check_same_currency(other)
        return Money(self.cents - other.cents, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.cents, self.currency)

    def _check_same_currency(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise MoneyError("Cannot combine amounts in different currencies.")

    @property
    def decimal_text(self) -> str:
        """Return the amount as plain decimal text, e.g. '-1234.50'."""
        sign = "-" if self.cents < 0 else ""
        whole, cents = divmod(abs(self.cents), 100)
        return f"{sign}{whole}.{cents:02d}"

    def __str__(self) -> str:
        return format_money(self.cents, self.currency)


def format_money(cents: int, currency: str, *, whole: bool = False) -> str:
    """Format cents for display: '$1,234.50' ('$1,235' with whole=True)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    symbol = SYMBOLS.get(currency, "")
    prefix = symbol if symbol else f"{currency} "
    if whole:
        units += 1 if rest >= 50 else 0
        return f"{sign}{prefix}{units:,}"
    return f"{sign}{prefix}{units:,}.{rest:02d}"

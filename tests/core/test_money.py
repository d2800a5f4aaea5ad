"""Money: exact cents, parsed from what people type and formatted for display."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callidarity.core.money import CURRENCIES, Money, MoneyError, format_money

ENTER = "Enter an amount such as 25 or 25.00."
NEGATIVE = "The amount cannot be negative."
TOO_PRECISE = "Use at most two digits after the decimal point."


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12.50", 1250),
        ("25", 2500),
        ("$1,000", 100_000),
        (" 7.5 ", 750),
        ("1,000.05", 100_005),
        ("0", 0),
        ("0.01", 1),
        ("$ 12", 1200),
        ("25 USD", 2500),
        ("25usd", 2500),
        ("1,234,567.89", 123_456_789),
    ],
)
def test_parse_accepts_what_people_type(text: str, cents: int) -> None:
    assert Money.parse(text, "USD") == Money(cents, "USD")


def test_parse_strips_the_currencys_own_symbol_only() -> None:
    assert Money.parse("€12.50", "EUR") == Money(1250, "EUR")
    assert Money.parse("£3", "GBP") == Money(300, "GBP")
    with pytest.raises(MoneyError) as excinfo:
        Money.parse("€12.50", "USD")
    assert str(excinfo.value) == ENTER


@pytest.mark.parametrize("text", ["-5", "\u22125", " -0.50", "$-5", "-$5"])
def test_parse_refuses_negative_amounts(text: str) -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money.parse(text, "USD")
    assert str(excinfo.value) == NEGATIVE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", ENTER),
        ("1,00", ENTER),
        ("12.345", TOO_PRECISE),
        ("1,000.999", TOO_PRECISE),
        ("", ENTER),
        ("   ", ENTER),
        ("1e3", ENTER),
        ("NaN", ENTER),
        ("\u221e", ENTER),
        ("inf", ENTER),
        ("12.", ENTER),
        (".5", ENTER),
        ("1,0000", ENTER),
        ("12,50", ENTER),
        ("1.2.3", ENTER),
        ("0x10", ENTER),
    ],
)
def test_parse_refuses_garbage_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money.parse(text, "USD")
    assert str(excinfo.value) == message


@pytest.mark.parametrize("value", [12.5, 25.0, 7, None, b"12"])
def test_parse_refuses_anything_but_text(value: object) -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money.parse(value, "USD")
    assert str(excinfo.value) == ENTER


def test_parse_refuses_an_unknown_currency() -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money.parse("12", "XYZ")
    assert str(excinfo.value) == "Unknown currency: XYZ."


def test_money_error_is_a_value_error() -> None:
    assert issubclass(MoneyError, ValueError)


@pytest.mark.parametrize("cents", [12.5, 12.0, True, False, "1250", None])
def test_money_refuses_cents_that_are_not_an_int(cents: object) -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money(cents, "USD")  # type: ignore[arg-type]
    assert str(excinfo.value) == "An amount must be a whole number of cents."


@pytest.mark.parametrize("currency", ["usd", "XYZ", "", "JPY"])
def test_money_refuses_an_unknown_currency(currency: str) -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money(100, currency)
    assert str(excinfo.value) == f"Unknown currency: {currency}."


def test_money_is_immutable_and_compares_by_value() -> None:
    a = Money(100, "USD")
    assert a == Money(100, "USD")
    assert a != Money(100, "CAD")
    assert hash(a) == hash(Money(100, "USD"))
    with pytest.raises(AttributeError):
        a.cents = 5  # type: ignore[misc]


def test_arithmetic_keeps_the_currency_and_refuses_to_mix() -> None:
    assert Money(150, "USD") + Money(25, "USD") == Money(175, "USD")
    assert Money(150, "USD") - Money(200, "USD") == Money(-50, "USD")
    assert -Money(150, "USD") == Money(-150, "USD")
    with pytest.raises(MoneyError) as excinfo:
        Money(150, "USD") + Money(25, "CAD")
    assert str(excinfo.value) == "Cannot combine amounts in different currencies."
    with pytest.raises(MoneyError):
        Money(150, "USD") - Money(25, "EUR")


@pytest.mark.parametrize(
    ("cents", "text"),
    [(0, "0.00"), (5, "0.05"), (123_450, "1234.50"), (-123_450, "-1234.50"), (-7, "-0.07")],
)
def test_decimal_text(cents: int, text: str) -> None:
    assert Money(cents, "USD").decimal_text == text


@pytest.mark.parametrize(
    ("cents", "currency", "whole", "text"),
    [
        (123_450, "USD", False, "$1,234.50"),
        (123_450, "USD", True, "$1,235"),
        (123_449, "USD", True, "$1,234"),
        (0, "USD", False, "$0.00"),
        (5, "EUR", False, "€0.05"),
        (100_000_000, "GBP", False, "£1,000,000.00"),
        (-2_500, "USD", False, "-$25.00"),
        (-2_550, "CAD", True, "-$26"),
        (1_999, "MXN", False, "$19.99"),
        (1_999, "JPY", False, "JPY 19.99"),
    ],
)
def test_format_money(cents: int, currency: str, whole: bool, text: str) -> None:
    assert format_money(cents, currency, whole=whole) == text


def test_str_is_the_display_format() -> None:
    assert str(Money(100_005, "USD")) == "$1,000.05"


@given(
    cents=st.integers(min_value=0, max_value=10**15), currency=st.sampled_from(sorted(CURRENCIES))
)
def test_parse_round_trips_every_display_format(cents: int, currency: str) -> None:
    money = Money(cents, currency)
    assert Money.parse(money.decimal_text, currency) == money
    assert Money.parse(format_money(cents, currency), currency) == money
    assert Money.parse(f" {money.decimal_text} {currency} ", currency) == money


@given(
    whole=st.integers(min_value=0, max_value=10**9),
    fraction=st.text(alphabet="0123456789", min_size=3, max_size=6),
)
def test_parse_never_rounds_away_a_third_decimal(whole: int, fraction: str) -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money.parse(f"{whole}.{fraction}", "USD")
    assert str(excinfo.value) == TOO_PRECISE


@given(text=st.text(max_size=20))
def test_parse_either_returns_non_negative_cents_or_raises_money_error(text: str) -> None:
    try:
        money = Money.parse(text, "USD")
    except MoneyError:
        return
    assert money.currency == "USD"
    assert money.cents >= 0

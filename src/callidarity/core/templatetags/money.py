"""Template filters that show money as money."""

from django import template

from callidarity.core.money import format_money

register = template.Library()


@register.filter
def cents(value: int | None, currency: str = "USD") -> str:
    """Show cents as an amount: {{ donation.amount_cents|cents:donation.currency }}."""
    return format_money(int(value or 0), currency or "USD")


@register.filter
def whole_cents(value: int | None, currency: str = "USD") -> str:
    """Show cents rounded to whole units: {{ goal_cents|whole_cents:"USD" }} → $20,000."""
    return format_money(int(value or 0), currency or "USD", whole=True)

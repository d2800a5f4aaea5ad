"""Template access to the one permission check: `{% if request.user|can:"ledger" %}`."""

from __future__ import annotations

from typing import Any

from django import template

from callidarity.accounts.selectors import can as _can

register = template.Library()


@register.filter
def can(user: Any, capability: str) -> bool:
    """Return whether the user holds the capability (with two-factor where it needs it)."""
    return _can(user, capability)

"""Follow a bill by email: the form on a bill's page, confirmation and unsubscribe."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from callidarity.legislation.models import Bill


def follow_context(request: HttpRequest, bill: Bill) -> dict[str, Any]:
    """Return what the bill page needs to show the follow form (merged into its context)."""
    return {}

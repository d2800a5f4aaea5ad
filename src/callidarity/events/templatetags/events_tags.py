"""`{% upcoming_events %}`: the next events, for pages outside this app (the home page)."""

from __future__ import annotations

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("events/_upcoming.html")
def upcoming_events(limit: int = 3) -> dict[str, Any]:
    """Render the next `limit` public events and a link to all of them."""
    return {"upcoming": selectors.list_upcoming_events(limit=limit)}

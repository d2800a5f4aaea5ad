"""Public advocacy pages. `/act/<slug>/` shows the action of its kind; each kind's steps
live in its own module (`calls`, `letters`, `petitions`), the shared parts in `common`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from ..models import Action
from . import calls, followups, letters, petitions
from .calls import action_call, action_districts
from .common import action_embed, action_or_404, targets_api
from .followups import unsubscribe
from .letters import letter_pdf, letter_review
from .petitions import petition_signed

_DETAIL = {
    Action.Kind.CALL: calls.detail,
    Action.Kind.LETTER: letters.detail,
    Action.Kind.PETITION: petitions.detail,
}


@require_http_methods(["GET", "HEAD", "POST"])
def action_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the action, and take its first step (who she is) on POST."""
    action = action_or_404(slug)
    return _DETAIL[Action.Kind(action.kind)](request, action)


__all__ = [
    "action_call",
    "action_detail",
    "action_districts",
    "action_embed",
    "followups",
    "letter_pdf",
    "letter_review",
    "petition_signed",
    "targets_api",
    "unsubscribe",
]

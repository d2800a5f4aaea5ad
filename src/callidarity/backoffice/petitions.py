"""The moderators' petition pages: the signatures held for review (a flood from one
connection) to count or reject, and the delivery PDF handed to the targets.

Moderators see what a signer put on the petition (name, town, comment) and a short tag
of her connection, never her email: that stays with the organizers' exports.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from callidarity.accounts.decorators import staff_view
from callidarity.accounts.selectors import can
from callidarity.advocacy import selectors as advocacy
from callidarity.advocacy import services
from callidarity.advocacy.exceptions import ActionError
from callidarity.advocacy.models import Action
from callidarity.core.pdf import render_pdf

# The held signatures one page lists, oldest first; deciding them brings up the next ones.
PAGE_SIZE = 200
# A signature id as the form sends it: a positive number that fits the column.
_MAX_ID = 2**63 - 1


def _petition_or_404(action_id: int) -> Action:
    try:
        return advocacy.get_petition(action_id)
    except Action.DoesNotExist:
        raise Http404(_("No such petition.")) from None


def _ids(values: list[str]) -> list[int] | None:
    """Return the ticked signature ids, or None when one is not an id."""
    ids: list[int] = []
    for value in values:
        if not value.isdigit() or not 0 < int(value) <= _MAX_ID:
            return None
        ids.append(int(value))
    return ids


def _review_page(
    request: HttpRequest, action: Action, *, error: str = "", status: int = 200
) -> HttpResponse:
    held = advocacy.list_held_signatures(action)
    context = {
        "action": action,
        "held": list(held[:PAGE_SIZE]),
        "held_count": held.count(),
        "count": advocacy.count_signatures(action),
        "error": error,
        "can_report": can(request.user, "advocacy.actions"),
        "flood_limit": settings.PETITION_FLOOD_LIMIT,
        "flood_minutes": settings.PETITION_FLOOD_WINDOW_SECONDS // 60,
    }
    return render(request, "backoffice/petition_signatures.html", context, status=status)


@staff_view("advocacy.signatures")
@require_http_methods(["GET", "HEAD", "POST"])
def review_signatures(request: HttpRequest, action_id: int) -> HttpResponse:
    """List a petition's held signatures; count or reject the ticked ones on POST.

    Done: back to the list (302). Nothing ticked, or a malformed form: the list again with
    the reason (400), nothing changed.
    """
    action = _petition_or_404(action_id)
    if request.method in ("GET", "HEAD"):
        return _review_page(request, action)
    field = "shown" if request.POST.get("all") else "ids"
    ids = _ids(request.POST.getlist(field))
    if ids is None:
        return _review_page(request, action, error=_("Tick the signatures again."), status=400)
    if not ids:
        return _review_page(
            request, action, error=_("Tick the signatures to count or reject."), status=400
        )
    decision = request.POST.get("decision", "")
    try:
        changed = services.review_signatures(
            action=action, ids=ids, decision=decision, by=request.user
        )
    except ActionError as error:
        return _review_page(request, action, error=str(error), status=400)
    if decision == services.Decision.COUNT:
        done = ngettext(
            "%(count)d signature counted.", "%(count)d signatures counted.", changed
        ) % {"count": changed}
    else:
        done = ngettext(
            "%(count)d signature rejected.", "%(count)d signatures rejected.", changed
        ) % {"count": changed}
    messages.success(request, done)
    return HttpResponseRedirect(reverse("backoffice:action-signatures", args=[action.pk]))


@staff_view("advocacy.signatures")
@require_safe
def petition_pdf(request: HttpRequest, action_id: int) -> HttpResponse:
    """Download the petition to hand to its targets: its text, the count and every signer."""
    action = _petition_or_404(action_id)
    signers = list(advocacy.list_petition_signers(action))
    pdf = render_pdf(
        "backoffice/pdf/petition.html",
        {
            "action": action,
            "targets": advocacy.list_action_targets(action),
            "signers": signers,
            "count": len(signers),
            "organization_name": settings.ORGANIZATION_NAME,
        },
        language=get_language() or "en",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="petition-{action.slug}.pdf"'
    return response

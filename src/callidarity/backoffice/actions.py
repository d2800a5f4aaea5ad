"""The organizers' pages for advocacy: every action with its count, and one action's report
(by office, by outcome, by day; letters, signatures, followers). Counts only: who did what
is in the CSV export, behind its own capability."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from callidarity.accounts.decorators import staff_view
from callidarity.accounts.selectors import can
from callidarity.advocacy import selectors as advocacy
from callidarity.advocacy.models import Action


@staff_view("advocacy.signatures")
@require_safe
def action_list(request: HttpRequest) -> HttpResponse:
    """List the actions, live first, each with its count and goal; petitions with the
    signatures waiting for review. Moderators (who review those) see the petitions only."""
    can_report = can(request.user, "advocacy.actions")
    actions = advocacy.list_actions_for_organizers()
    if not can_report:
        actions = actions.filter(kind=Action.Kind.PETITION)
    held = advocacy.count_held_signatures()
    rows = [(a, advocacy.tally(a).done, held.get(a.pk, 0)) for a in actions]
    context = {"actions": rows, "can_report": can_report}
    return render(request, "backoffice/action_list.html", context)


@staff_view("advocacy.actions")
@require_safe
def action_report(request: HttpRequest, action_id: int) -> HttpResponse:
    """Show what one action did, by office and by day."""
    action = Action.objects.filter(pk=action_id).first()
    if action is None:
        raise Http404
    context = {
        "report": advocacy.action_report(action),
        "can_export": can(request.user, "advocacy.taken"),
        "can_review": can(request.user, "advocacy.signatures"),
    }
    return render(request, "backoffice/action_report.html", context)

"""The organizers' "what moved this week" for bills: stage changes and new actions of the
last seven days, the hearings coming with their witness-slip counts, and how many follow
each bill. Counts only: who follows or filed is in the admin, behind the same capability."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from callidarity.accounts.decorators import staff_view
from callidarity.legislation import selectors as legislation


@staff_view("legislation")
@require_safe
def bills_week(request: HttpRequest) -> HttpResponse:
    """Show what moved on the bills in the last seven days, and what is coming."""
    return render(request, "backoffice/bills_week.html", {"week": legislation.what_moved()})

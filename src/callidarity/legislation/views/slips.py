"""A hearing's page: how to file a witness slip, and "I filed my slip" to be counted.

A first slip and a repeat are thanked alike, so the page never tells whether an address
was counted before. Once the hearing starts the form is gone and a late one is a 409.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from callidarity.core.ratelimit import allow

from .. import selectors
from ..exceptions import SlipError, SlipsClosed
from ..forms import SlipForm
from ..models import Hearing
from ..services import slips
from .follows import bill_or_404

TOO_MANY = gettext_lazy("Too many attempts from your connection. Please wait and try again.")
THANKS = gettext_lazy("Thank you. Your witness slip is counted.")
SLIPS_PER_HOUR = 30


def _page(
    request: HttpRequest, hearing: Hearing, form: SlipForm | None = None, *, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "bill": hearing.bill,
        "hearing": hearing,
        "is_open": selectors.hearing_is_open(hearing),
        "slip_count": selectors.count_slips(hearing),
        "form": form or SlipForm(),
    }
    return render(request, "legislation/hearing_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def hearing_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Show the hearing and its guide (GET); count her witness slip (POST), then thank her."""
    bill = bill_or_404(slug)
    try:
        hearing = selectors.get_public_hearing(bill, pk)
    except Hearing.DoesNotExist:
        raise Http404(_("No such hearing.")) from None
    if request.method != "POST":
        return _page(request, hearing)
    form = SlipForm(request.POST)
    back = HttpResponseRedirect(request.path + "#slip")
    if form.is_bot():
        messages.success(request, str(THANKS))  # looks like success; nothing kept
        return back
    if not selectors.hearing_is_open(hearing):
        form.add_error(None, _("The hearing has started: witness slips are closed."))
        return _page(request, hearing, form, status=409)
    if not allow(request, "witness-slip", limit=SLIPS_PER_HOUR):
        form.add_error(None, str(TOO_MANY))
        return _page(request, hearing, form, status=429)
    if not form.is_valid():
        return _page(request, hearing, form, status=400)
    try:
        slips.record_slip(
            hearing=hearing, email=form.cleaned_data["email"], name=form.cleaned_data["name"]
        )
    except SlipsClosed as error:  # it started while she typed
        form.add_error(None, str(error))
        return _page(request, hearing, form, status=409)
    except SlipError as error:
        form.add_error(None, str(error))
        return _page(request, hearing, form, status=400)
    messages.success(request, str(THANKS))
    return back

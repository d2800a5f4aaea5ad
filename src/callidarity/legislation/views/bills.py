"""The public bill pages: the list of tracked bills (filtered by stage and by our position)
and one bill with its road of stages, history, sponsors, and what supporters can do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from .. import selectors
from ..models import Bill, Stage
from .follows import follow_context


class BillFilterForm(forms.Form):
    """The list's filters; empty means every bill."""

    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"),
        required=False,
        choices=[("", gettext_lazy("Any stage")), *Stage.choices],
        error_messages={"invalid_choice": gettext_lazy("There is no such stage.")},
    )
    position = forms.ChoiceField(
        label=gettext_lazy("Our position"),
        required=False,
        choices=[("", gettext_lazy("Any position")), *Bill.Position.choices],
        error_messages={"invalid_choice": gettext_lazy("There is no such position.")},
    )


@require_safe
def bill_list(request: HttpRequest) -> HttpResponse:
    """List the published bills, latest action first; an unknown filter value is a 400."""
    form = BillFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "invalid": True, "bills": []}
        return render(request, "legislation/bill_list.html", context, status=400)
    criteria = form.cleaned_data if form.is_bound else {}
    bills = selectors.list_public_bills(
        stage=criteria.get("stage", ""), position=criteria.get("position", "")
    )
    context = {"form": form, "bills": list(bills), "filtered": any(criteria.values())}
    return render(request, "legislation/bill_list.html", context)


@require_safe
def bill_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a published bill: where it is on its road, why it matters, and how to help."""
    try:
        bill = selectors.get_public_bill(slug)
    except Bill.DoesNotExist:
        raise Http404(_("No such bill.")) from None
    history = selectors.list_history(bill)
    context: dict[str, Any] = {
        "bill": bill,
        "road": selectors.road(bill, history),
        "history": history,
        "sponsors": selectors.list_sponsors(bill),
        "actions": selectors.list_open_actions(bill),
        **follow_context(request, bill),
    }
    return render(request, "legislation/bill_detail.html", context)

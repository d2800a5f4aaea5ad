"""What every action page shares: finding the action, the JSON of targets, the widget,
and the visitor's progress kept in her session (no account, no JavaScript needed).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from callidarity.core.middleware import allow_framing

from .. import selectors
from ..forms import ZipForm
from ..models import Action, Target

CHAMBERS = (Target.Chamber.UPPER, Target.Chamber.LOWER, Target.Chamber.EXECUTIVE)
TOO_MANY = gettext_lazy("Too many attempts from your connection. Please wait and try again.")


def _target_json(target: Target) -> dict[str, Any]:
    return {
        "name": target.name,
        "title": target.display_title,
        "chamber": target.chamber,
        "district": target.district,
        "party": target.party,
        "phones": [
            {"office": office.kind, "phone": office.phone}
            for office in target.offices.all()
            if office.phone
        ],
    }


@require_safe
@cache_control(public=True, max_age=300)
def targets_api(request: HttpRequest) -> JsonResponse:
    """List the targets in office as JSON, by `chamber` (upper, lower, executive) and `district`."""
    chamber = request.GET.get("chamber", "").strip()
    district = request.GET.get("district", "").strip()
    if chamber and chamber not in CHAMBERS:
        message = _("chamber must be one of: %(choices)s.") % {"choices": ", ".join(CHAMBERS)}
        return JsonResponse({"error": message}, status=400)
    if len(district) > 20 or (district and not district.isalnum()):
        return JsonResponse({"error": _("district must be a district number, like 5.")}, status=400)
    targets = [
        _target_json(t) for t in selectors.list_current_targets(chamber=chamber, district=district)
    ]
    return JsonResponse({"count": len(targets), "targets": targets})


def action_or_404(slug: str) -> Action:
    try:
        return selectors.get_public_action(slug)
    except Action.DoesNotExist:
        raise Http404(_("No such action.")) from None


@allow_framing
@cache_control(public=True, max_age=60)
@require_safe
def action_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the widget partner sites frame: the ask, the count of calls, a Call now link."""
    action = action_or_404(slug)
    context = {
        "action": action,
        "done": selectors.tally(action).done,
        "is_live": action.is_open,
        "action_url": request.build_absolute_uri(action.get_absolute_url()),
    }
    return render(request, "advocacy/action_embed.html", context)


def session_key(action: Action) -> str:
    # With the kind: a call-in's progress and a letter's draft never read as each other,
    # even when organizers change an action's kind while someone is taking it.
    return f"act:{action.pk}:{action.kind}"


def visitor(request: HttpRequest, action: Action) -> dict[str, Any] | None:
    """Return what she told us and where she is in this action, or None."""
    data = request.session.get(session_key(action))
    return data if isinstance(data, dict) else None


def next_step_url(action: Action) -> str:
    """Where a visitor goes once her offices are known: the calls, or her letter to review."""
    name = "advocacy:letter-review" if action.kind == Action.Kind.LETTER else "advocacy:action-call"
    return reverse(name, args=[action.slug])


def not_open_message(action: Action) -> str:
    """Say why an action takes nothing now: it has not opened yet, or it has ended."""
    if action.not_yet_open:
        return _("This action is not open yet. Come back when it starts.")
    return _("This action has ended. Thank you for caring.")


def action_context(action: Action, zip_form: ZipForm | None = None) -> dict[str, Any]:
    """Return what the page of a call-in or a letter shows of the action and its offices."""
    return {
        "action": action,
        "targets": selectors.list_action_targets(action),
        "retired": list(action.targets.filter(is_current=False)),
        "own_chambers": [Target.Chamber(c).label for c in action.own_chambers],
        "done": selectors.tally(action).done,
        "zip_form": (zip_form or ZipForm()) if action.own_chambers else None,
        "is_live": action.is_open,
        "campaigns": selectors.list_action_campaigns(action),
    }


def offices_to_reach(action: Action, zip_form: ZipForm | None) -> dict[str, Any]:
    """Return the offices she calls or writes to, in order (`pending`), and the chambers
    where she picks her district (`choose`: her ZIP code spans several, or is unknown)."""
    reach: dict[str, Any] = {
        "pending": [t.pk for t in selectors.list_action_targets(action)],
        "choose": [],
        "zip": "",
    }
    if zip_form is not None:
        reach["zip"] = zip_form.cleaned_data["zip_code"]
        for chamber in action.own_chambers:
            found = selectors.district_choice(chamber, reach["zip"]).resolved
            if found is None:
                reach["choose"].append(chamber)
            else:
                reach["pending"] += [t.pk for t in found if t.pk not in reach["pending"]]
    return reach

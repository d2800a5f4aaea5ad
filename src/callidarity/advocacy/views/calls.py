"""A call-in: who is calling, her own districts where the action calls them, one call at a time.

A caller's details (name, town, email: all optional) and which offices she has called
live in her session, so the pages work without JavaScript and without an account.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from callidarity.core.ratelimit import allow
from callidarity.supporters.services import upsert_supporter

from .. import selectors, services
from ..exceptions import ActionError
from ..forms import CallerForm, OutcomeForm, ZipForm
from ..models import Action, ActionTaken, Target
from .common import (
    TOO_MANY,
    action_context,
    action_or_404,
    next_step_url,
    not_open_message,
    offices_to_reach,
    session_key,
    visitor,
)


def _detail(
    request: HttpRequest,
    action: Action,
    form: CallerForm | None = None,
    zip_form: ZipForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        **action_context(action, zip_form),
        "form": form or CallerForm(),
        "caller": visitor(request, action),
    }
    return render(request, "advocacy/action_detail.html", context, status=status)


def detail(request: HttpRequest, action: Action) -> HttpResponse:
    """Show the call-in; the caller says who she is (or not) and starts calling."""
    if request.method in ("GET", "HEAD"):
        return _detail(request, action)
    form = CallerForm(request.POST)
    call_url = reverse("advocacy:action-call", args=[action.slug])
    if form.is_bot():
        return HttpResponseRedirect(call_url)  # looks like success; nothing kept
    if not action.is_open:
        form.add_error(None, not_open_message(action))
        return _detail(request, action, form, status=409)
    # Generous: a call-in day at a community centre sends many callers from one address.
    if not allow(request, "act-start", limit=200):
        form.add_error(None, str(TOO_MANY))
        return _detail(request, action, form, status=429)
    zip_form = ZipForm(request.POST) if action.own_chambers else None
    if not form.is_valid() or (zip_form is not None and not zip_form.is_valid()):
        return _detail(request, action, form, zip_form, status=400)
    caller: dict[str, Any] = {
        "name": form.cleaned_data["name"].strip(),
        "city": form.cleaned_data["city"].strip(),
        "email": form.cleaned_data["email"].strip(),
        # Offices still to call, in order; a busy line goes to the back to try again.
        **offices_to_reach(action, zip_form),
        "handled": 0,
    }
    if form.cleaned_data["follow"]:
        services.follow_actions(
            supporter=upsert_supporter(email=caller["email"], name=caller["name"]),
            action=action,
            language=get_language(),
        )
    request.session[session_key(action)] = caller
    if caller["choose"]:
        return HttpResponseRedirect(reverse("advocacy:action-districts", args=[action.slug]))
    return HttpResponseRedirect(call_url)


def _districts_page(
    request: HttpRequest, action: Action, caller: dict[str, Any], *, errors: bool, status: int
) -> HttpResponse:
    choices = [selectors.district_choice(c, caller["zip"]) for c in caller["choose"]]
    context = {
        "action": action,
        "choices": [(Target.Chamber(c.chamber), c) for c in choices],
        "zip": caller["zip"],
        "errors": errors,
    }
    return render(request, "advocacy/action_districts.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def action_districts(request: HttpRequest, slug: str) -> HttpResponse:
    """Let a caller pick her district where her ZIP code does not settle it."""
    action = action_or_404(slug)
    caller = visitor(request, action)
    if action.kind == Action.Kind.PETITION or caller is None or not caller.get("choose"):
        return HttpResponseRedirect(action.get_absolute_url() + "#start")
    if request.method in ("GET", "HEAD"):
        return _districts_page(request, action, caller, errors=False, status=200)
    picked: list[int] = []
    for chamber in caller["choose"]:
        choice = selectors.district_choice(chamber, caller["zip"])
        chosen = dict(choice.candidates).get(request.POST.get(f"district-{chamber}", ""))
        if chosen is None:
            return _districts_page(request, action, caller, errors=True, status=400)
        picked += [t.pk for t in chosen]
    caller["pending"] += [pk for pk in picked if pk not in caller["pending"]]
    caller["choose"] = []
    request.session[session_key(action)] = caller
    return HttpResponseRedirect(next_step_url(action))


def _call_page(
    request: HttpRequest,
    action: Action,
    caller: dict[str, Any],
    *,
    note: str = "",
    status: int = 200,
) -> HttpResponse:
    if caller.get("choose"):
        return HttpResponseRedirect(reverse("advocacy:action-districts", args=[action.slug]))
    targets = selectors.get_targets(caller["pending"])
    pending = [pk for pk in caller["pending"] if pk in targets]
    if not pending:
        return render(
            request,
            "advocacy/action_done.html",
            {
                "action": action,
                "handled": caller["handled"],
                "done": selectors.tally(action).done,
                "share_url": request.build_absolute_uri(action.get_absolute_url()),
            },
        )
    target = targets[pending[0]]
    script = selectors.fill_script(
        action.script, target=target, name=caller["name"], city=caller["city"]
    )
    context = {
        "action": action,
        "target": target,
        "script": script,
        "position": caller["handled"] + 1,
        "total": caller["handled"] + len(pending),
        "outcomes": [(o.value, o.label) for o in ActionTaken.CALL_OUTCOMES],
        "note": note,
    }
    return render(request, "advocacy/action_call.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def action_call(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the next office to call with its script; record what happened on the call."""
    action = action_or_404(slug)
    caller = visitor(request, action)
    if action.kind != Action.Kind.CALL or caller is None:
        return HttpResponseRedirect(action.get_absolute_url() + "#start")
    if request.method in ("GET", "HEAD"):
        return _call_page(request, action, caller)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _call_page(
            request, action, caller, note=_("Choose what happened on the call."), status=400
        )
    if not allow(request, "act-call", limit=300):
        return _call_page(request, action, caller, note=str(TOO_MANY), status=429)
    target = Target.objects.filter(pk=form.cleaned_data["target"]).first()
    if target is None or target.pk not in caller["pending"]:
        return _call_page(
            request, action, caller, note=_("That call was already recorded."), status=409
        )
    outcome = form.cleaned_data["outcome"]
    try:
        services.record_call(
            action=action,
            target=target,
            outcome=outcome,
            email=caller["email"],
            name=caller["name"],
        )
    except ActionError as error:
        return _call_page(request, action, caller, note=str(error), status=409)
    pending = [pk for pk in caller["pending"] if pk != target.pk]
    note = ""
    if outcome in (ActionTaken.Outcome.BUSY, ActionTaken.Outcome.UNAVAILABLE):
        # Try the others first, then this office again.
        pending.append(target.pk)
        note = _("We put %(name)s at the end of your list, to try again.") % {"name": target.name}
    else:
        caller["handled"] += 1
    caller["pending"] = pending
    request.session[session_key(action)] = caller
    if note and len(pending) == 1:
        note = _("You can try %(name)s again now, or later.") % {"name": target.name}
    return (
        _call_page(request, action, caller, note=note)
        if note
        else HttpResponseRedirect(reverse("advocacy:action-call", args=[action.slug]))
    )

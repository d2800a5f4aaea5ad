"""A petition: its text and counter, the signature form, recent signers, and the thanks.

What became of her signature (counted or held for review; a second one by the same email
reads as a first, so nobody learns whether an address signed) is
kept in her session for the thanks page, so the pages work without JavaScript, and the
thanks page never shows anything of anyone else's signature.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from callidarity.core.ratelimit import allow, client_ip

from .. import selectors, services
from ..exceptions import ActionError
from ..forms import PetitionForm
from ..models import Action
from .common import TOO_MANY, action_or_404, not_open_message

RECENT_SIGNERS = 10
# Generous: a flood from one address is held for review, not refused (see services.petitions);
# this only stops a machine filling the table.
SIGNATURES_PER_HOUR = 1000
OUTCOMES = {str(o) for o in services.SignOutcome}


def _session_key(action: Action) -> str:
    return f"petition:{action.pk}"


def _signed(request: HttpRequest, action: Action) -> dict[str, Any] | None:
    data = request.session.get(_session_key(action))
    if isinstance(data, dict) and data.get("outcome") in OUTCOMES:
        return data
    return None


def _detail(
    request: HttpRequest, action: Action, form: PetitionForm | None = None, *, status: int = 200
) -> HttpResponse:
    context = {
        "action": action,
        "targets": selectors.list_action_targets(action),
        "count": selectors.count_signatures(action),
        "form": form or PetitionForm(),
        "is_live": action.is_open,
        "campaigns": selectors.list_action_campaigns(action),
        "recent_signers": selectors.list_recent_signers(action, limit=RECENT_SIGNERS),
        "signed": _signed(request, action),
    }
    return render(request, "advocacy/petition_detail.html", context, status=status)


def detail(request: HttpRequest, action: Action) -> HttpResponse:
    """Show the petition; sign it on POST, then go on to the thanks page."""
    if request.method in ("GET", "HEAD"):
        return _detail(request, action)
    form = PetitionForm(request.POST)
    signed_url = reverse("advocacy:petition-signed", args=[action.slug])
    if form.is_bot():
        return HttpResponseRedirect(signed_url)  # looks like success; nothing kept
    if not action.is_open:
        form.add_error(None, not_open_message(action))
        return _detail(request, action, form, status=409)
    if not allow(request, "petition-sign", limit=SIGNATURES_PER_HOUR):
        form.add_error(None, str(TOO_MANY))
        return _detail(request, action, form, status=429)
    if not form.is_valid():
        return _detail(request, action, form, status=400)
    data = form.cleaned_data
    try:
        result = services.sign_petition(
            action=action,
            name=data["name"],
            email=data["email"],
            city=data["city"],
            comment=data["comment"],
            is_public=data["is_public"],
            follow=data["follow"],
            language=get_language() or "en",
            source=client_ip(request),
        )
    except ActionError as error:
        form.add_error(None, str(error))
        return _detail(request, action, form, status=409)
    # Only what she typed just now: an earlier signature by this email stays unseen, and
    # the thanks are those a new signature from her connection would get (see SignResult).
    request.session[_session_key(action)] = {
        "outcome": str(result.shown_as),
        "first_name": data["name"].split()[0],
    }
    return HttpResponseRedirect(signed_url)


@require_safe
def petition_signed(request: HttpRequest, slug: str) -> HttpResponse:
    """Thank her, honestly: counted, or held for a check (a second signature by an email
    reads as a first, so the page reveals nobody's signature)."""
    action = action_or_404(slug)
    if action.kind != Action.Kind.PETITION:
        raise Http404(_("No such petition."))
    signed = _signed(request, action)
    if signed is None:
        return HttpResponseRedirect(action.get_absolute_url() + "#sign")
    context = {
        "action": action,
        "outcome": signed["outcome"],
        "first_name": str(signed.get("first_name", "")),
        "count": selectors.count_signatures(action),
        "share_url": request.build_absolute_uri(action.get_absolute_url()),
    }
    return render(request, "advocacy/petition_signed.html", context)

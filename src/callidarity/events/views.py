"""Public pages of events: the list, an event with its RSVP form, the thanks, the
cancellation from a signed link, and the calendar files.

Whether she is going is kept in her session for the thanks page (no JavaScript needed);
her cancellation link is only ever emailed to her, never shown on a page, so nobody who
types someone else's address can cancel that person's RSVP.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from callidarity.core.ratelimit import allow

from . import ics, selectors, services
from .exceptions import EventClosed, EventError, EventFull
from .forms import RSVPForm
from .models import Event
from .tokens import read_cancel_token

TOO_MANY = gettext_lazy("Too many attempts from your connection. Please wait and try again.")
RSVPS_PER_HOUR = 60
CANCELS_PER_HOUR = 60


def _event_or_404(slug: str) -> Event:
    try:
        return selectors.get_public_event(slug)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def _session_key(event: Event) -> str:
    return f"event:{event.pk}"


def _going(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    data = request.session.get(_session_key(event))
    return data if isinstance(data, dict) else None


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    """List the upcoming public events, soonest first, and the past ones apart."""
    context = {"upcoming": selectors.list_upcoming_events(), "past": selectors.list_past_events()}
    return render(request, "events/event_list.html", context)


def _detail(
    request: HttpRequest, event: Event, form: RSVPForm | None = None, *, status: int = 200
) -> HttpResponse:
    context = {
        "event": event,
        "spots_left": selectors.spots_left(event),
        "takes": event.takes_rsvps,
        "form": form or RSVPForm(),
        "actions": selectors.list_linked_actions(event),
        "going": _going(request, event),
    }
    return render(request, "events/event_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the event in its own time zone; take an RSVP on POST, then thank her."""
    event = _event_or_404(slug)
    if request.method in ("GET", "HEAD"):
        return _detail(request, event)
    form = RSVPForm(request.POST)
    thanks_url = reverse("events:rsvp-thanks", args=[event.slug])
    if form.is_bot():
        return HttpResponseRedirect(thanks_url)  # looks like success; nothing kept
    if not event.takes_rsvps:
        form.add_error(None, _("This event is not taking RSVPs."))
        return _detail(request, event, form, status=409)
    if not allow(request, "event-rsvp", limit=RSVPS_PER_HOUR):
        form.add_error(None, str(TOO_MANY))
        return _detail(request, event, form, status=429)
    if not form.is_valid():
        return _detail(request, event, form, status=400)
    data = form.cleaned_data
    try:
        services.rsvp(
            event=event,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            language=get_language() or settings.LANGUAGE_CODE,
        )
    except (EventClosed, EventFull) as error:
        form.add_error(None, str(error))
        return _detail(request, event, form, status=409)
    except EventError as error:
        form.add_error(None, str(error))
        return _detail(request, event, form, status=400)
    # A first RSVP and a repeat read the same: the page never tells whether an address is on
    # the list.
    request.session[_session_key(event)] = {"first_name": data["name"].split()[0]}
    return HttpResponseRedirect(thanks_url)


@require_safe
def rsvp_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """Thank her for her RSVP, with the add-to-calendar link."""
    event = _event_or_404(slug)
    going = _going(request, event)
    if going is None:
        return HttpResponseRedirect(event.get_absolute_url() + "#rsvp")
    context = {"event": event, "first_name": str(going.get("first_name", ""))}
    return render(request, "events/rsvp_thanks.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Ask her to confirm (GET), then cancel her RSVP (POST); a bad link is a 400."""
    rsvp_id = read_cancel_token(token)
    found = selectors.get_rsvp(rsvp_id) if rsvp_id is not None else None
    if found is None:
        error = _("This cancellation link is not valid. Copy the whole link from your email.")
        return render(request, "events/rsvp_cancel.html", {"error": error}, status=400)
    if found.event.status == found.event.Status.DRAFT or found.event.is_past:
        # Unlisted, or over: nothing to cancel, and the title of an unlisted one stays unseen.
        error = _("This event is no longer open for changes.")
        return render(request, "events/rsvp_cancel.html", {"error": error}, status=409)
    context: dict[str, Any] = {"rsvp": found, "event": found.event}
    if request.method == "POST":
        if not allow(request, "event-cancel", limit=CANCELS_PER_HOUR):
            context["error"] = str(TOO_MANY)
            return render(request, "events/rsvp_cancel.html", context, status=429)
        cancelled = services.cancel_rsvp(token=token)
        if cancelled is None:  # removed by an organizer meanwhile
            error = _("This cancellation link is not valid. Copy the whole link from your email.")
            return render(request, "events/rsvp_cancel.html", {"error": error}, status=400)
        context = {"rsvp": cancelled, "event": cancelled.event, "done": True}
        return render(request, "events/rsvp_cancel.html", context)
    return render(request, "events/rsvp_cancel.html", context)


def _calendar_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@cache_control(public=True, max_age=300)
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the event's iCalendar file, to add it to a calendar."""
    event = _event_or_404(slug)
    return _calendar_response(ics.calendar([event], name=event.title), f"{event.slug}.ics")


@require_safe
@cache_control(public=True, max_age=300)
def events_feed(request: HttpRequest) -> HttpResponse:
    """Return the feed of every public event, for calendar apps to subscribe to."""
    name = _("%(organization)s events") % {"organization": settings.ORGANIZATION_NAME}
    return _calendar_response(ics.calendar(selectors.list_feed_events(), name=name), "events.ics")

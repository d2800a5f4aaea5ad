"""Reads of events: the public lists, spots left, and the RSVPs a reminder goes to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import RSVP, Event

PUBLIC = (Event.Status.PUBLISHED, Event.Status.CANCELLED)
# How far back the calendar feed reaches: old events stay in people's calendars anyway.
FEED_PAST_DAYS = 180


def get_public_event(slug: str) -> Event:
    """Return the published or cancelled event with this slug (Event.DoesNotExist if none)."""
    return Event.objects.filter(status__in=PUBLIC).get(slug=slug)


def get_rsvp(rsvp_id: int) -> RSVP | None:
    """Return the RSVP with this id, with its event and supporter, or None."""
    return RSVP.objects.select_related("event", "supporter").filter(pk=rsvp_id).first()


def with_going(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate each event with `going`, its count of RSVPs that are going."""
    return events.annotate(going=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.GOING)))


@dataclass(frozen=True)
class ListedEvent:
    """An upcoming event as the list shows it, with its spots left (None: no limit)."""

    event: Event
    spots_left: int | None


def list_upcoming_events(
    *, now: datetime | None = None, limit: int | None = None
) -> list[ListedEvent]:
    """Return the public events not yet over, soonest first (cancelled ones included)."""
    now = now or timezone.now()
    events = with_going(Event.objects.filter(status__in=PUBLIC, ends_at__gt=now)).order_by(
        "starts_at", "pk"
    )
    rows = events[:limit] if limit else events
    return [ListedEvent(e, spots_left(e, e.going)) for e in rows]  # type: ignore[attr-defined]


def list_past_events(*, now: datetime | None = None, limit: int = 20) -> list[Event]:
    """Return the published events that are over, latest first."""
    now = now or timezone.now()
    events = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__lte=now)
    return list(events.order_by("-starts_at", "-pk")[:limit])


def list_feed_events(*, now: datetime | None = None) -> QuerySet[Event]:
    """Return the events of the public calendar feed: public ones from 180 days back on."""
    now = now or timezone.now()
    since = now - timedelta(days=FEED_PAST_DAYS)
    return Event.objects.filter(status__in=PUBLIC, ends_at__gt=since).order_by("starts_at", "pk")


def count_going(event: Event) -> int:
    """Return how many RSVPs to the event are going."""
    return RSVP.objects.filter(event=event, status=RSVP.Status.GOING).count()


def spots_left(event: Event, going: int | None = None) -> int | None:
    """Return how many spots are left (None when the event has no limit)."""
    if event.capacity is None:
        return None
    going = count_going(event) if going is None else going
    return max(0, event.capacity - going)


def list_linked_actions(event: Event) -> list[Any]:
    """Return the event's linked actions that the public can open (not drafts)."""
    return list(event.actions.exclude(status="draft").order_by("title"))  # Action.Status.DRAFT


def list_events_due_reminders(now: datetime) -> QuerySet[Event]:
    """Return the published events that start within the next day: their attendees are due
    a reminder (or, after a crash, have one queued and not yet sent)."""
    return Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=now, starts_at__lte=now + timedelta(days=1)
    ).order_by("starts_at", "pk")

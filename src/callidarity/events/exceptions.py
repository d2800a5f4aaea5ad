"""What can go wrong answering an event."""

from __future__ import annotations


class EventError(Exception):
    """The RSVP cannot be taken; the message says why, for the person."""


class EventClosed(EventError):
    """The event is not taking RSVPs (a draft, cancelled, or already started)."""


class EventFull(EventError):
    """Every spot is taken."""

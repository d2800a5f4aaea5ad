"""iCalendar (RFC 5545) text for events: one event's file, and the feed of all public ones.

Written by hand (the project has no iCalendar library): a handful of properties, escaped
and folded as the RFC says, CRLF line ends. Times are written in UTC (`…Z`), which every
calendar app reads and shows in its own user's zone, so a 6 pm Chicago event lands at
6 pm in Chicago and 7 pm in New York; a `TZID` would need a VTIMEZONE block we would have
to build from the zone rules. Each event's UID is fixed by its primary key and the site's
host, so importing the file again, or refreshing the feed, updates it rather than adding
a copy; a cancelled event keeps its UID and says `STATUS:CANCELLED`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from .models import Event

PRODID = "-//Callidarity//Events//EN"
_LINE_OCTETS = 75  # RFC 5545 §3.1: lines longer than this are folded


def site_host() -> str:
    """Return the host of SITE_URL ("localhost" when it has none)."""
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma, and line breaks as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = _LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = _LINE_OCTETS - 1  # continuation lines start with one space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(event: Event) -> str:
    return f"event-{event.pk}@{site_host()}"


def _description(event: Event, url: str) -> str:
    parts = [event.description.strip()]
    if event.online_url:
        parts.append(f"{event.online_url}")
    parts.append(url)
    return "\n\n".join(p for p in parts if p)


def _vevent(event: Event) -> list[str]:
    url = settings.SITE_URL + event.get_absolute_url()
    status = "CANCELLED" if event.is_cancelled else "CONFIRMED"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(event)}",
        f"DTSTAMP:{utc_stamp(event.updated_at)}",
        f"LAST-MODIFIED:{utc_stamp(event.updated_at)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(_description(event, url))}",
    ]
    location = ", ".join(p for p in (event.place, event.address) if p) or event.online_url
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines += [f"URL:{url}", f"STATUS:{status}", "END:VEVENT"]
    return lines


def calendar(events: Iterable[Event], *, name: str) -> str:
    """Return a VCALENDAR holding these events, as text with CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _vevent(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

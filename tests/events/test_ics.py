"""The calendar files parse and put each event at the right local time.

Parsed with the `icalendar` library when it is installed, and always with the strict
reader in `icalparse` (CRLF, 75-octet lines, nesting).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from callidarity.events import ics
from callidarity.events.models import Event

from . import icalparse
from .conftest import make_event

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def test_an_event_file_has_the_right_times_and_fields(client: Client, event: Event) -> None:
    response = client.get("/events/rally-for-clemency.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalparse.parse(response.content)
    assert calendar.get("VERSION") == "2.0"
    assert calendar.get("PRODID") == ics.PRODID
    [vevent] = calendar.walk("VEVENT")
    # 6 pm in Chicago on a winter evening is midnight UTC the next day.
    start = vevent.datetime("DTSTART")
    assert start == datetime(2030, 1, 16, 0, 0, tzinfo=UTC)
    assert start.astimezone(CHICAGO).strftime("%Y-%m-%d %H:%M %Z") == "2030-01-15 18:00 CST"
    assert vevent.datetime("DTEND").astimezone(CHICAGO).hour == 20
    assert vevent.text("SUMMARY") == "Rally for clemency"
    assert vevent.text("LOCATION") == "Thompson Center, 100 W Randolph St, Chicago, IL 60601"
    assert vevent.get("URL") == "http://testserver/events/rally-for-clemency/".replace(
        "http://testserver", _site_url()
    )
    assert vevent.text("DESCRIPTION").startswith("Bring a sign; **wear purple**.")
    assert vevent.get("UID") == f"event-{event.pk}@{ics.site_host()}"
    assert vevent.get("STATUS") == "CONFIRMED"
    assert vevent.get("DTSTAMP").endswith("Z")


def _site_url() -> str:
    from django.conf import settings

    return str(settings.SITE_URL)


def test_a_summer_event_keeps_its_local_time(client: Client, db: None) -> None:
    # 10 am Chicago in July is CDT (UTC-5): 15:00 UTC.
    starts = datetime(2030, 7, 9, 10, 0, tzinfo=CHICAGO)
    make_event(slug="court-support", starts_at=starts, ends_at=starts + timedelta(hours=3))
    [vevent] = icalparse.parse(client.get("/events/court-support.ics").content).walk("VEVENT")
    assert vevent.get("DTSTART") == "20300709T150000Z"
    assert vevent.datetime("DTSTART").astimezone(CHICAGO).hour == 10


def test_the_feed_lists_public_events_with_stable_uids_and_cancellations(
    client: Client, event: Event
) -> None:
    cancelled = make_event(slug="press-call", title="Press call", status=Event.Status.CANCELLED)
    make_event(slug="secret", title="Draft", status=Event.Status.DRAFT)

    first = client.get("/events.ics")
    second = client.get("/events.ics")

    assert first.status_code == 200
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    events = icalparse.parse(first.content).walk("VEVENT")
    assert {e.text("SUMMARY"): e.get("STATUS") for e in events} == {
        "Rally for clemency": "CONFIRMED",
        "Press call": "CANCELLED",
    }
    assert [e.get("UID") for e in events] == [
        e.get("UID") for e in icalparse.parse(second.content).walk("VEVENT")
    ]
    assert f"event-{cancelled.pk}@" in first.content.decode()


def test_long_and_special_text_is_escaped_and_folded(client: Client, db: None) -> None:
    title = "Call-in: Señora Ramírez, bring her home; now \\ " + "é" * 60
    make_event(slug="long", title=title, description="Line one\nLine two, with; marks")
    body = client.get("/events/long.ics").content
    [vevent] = icalparse.parse(body).walk("VEVENT")  # raises on a line over 75 octets
    assert vevent.text("SUMMARY") == title
    assert vevent.text("DESCRIPTION").startswith("Line one\nLine two, with; marks")


def test_a_draft_or_unknown_event_has_no_file(client: Client, db: None) -> None:
    make_event(slug="secret", status=Event.Status.DRAFT)
    assert client.get("/events/secret.ics").status_code == 404
    assert client.get("/events/nope.ics").status_code == 404


@pytest.mark.parametrize("path", ["/events.ics", "/events/{slug}.ics"])
def test_the_icalendar_library_reads_the_feed_and_the_event_file(
    client: Client, event: Event, path: str
) -> None:
    # A dev dependency, so that this never skips: what calendar apps accept is the point.
    import icalendar

    body = client.get(path.format(slug=event.slug)).content
    calendar = icalendar.Calendar.from_ical(body)
    [vevent] = calendar.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert start.astimezone(CHICAGO).strftime("%H:%M") == "18:00"
    assert str(vevent["SUMMARY"]) == "Rally for clemency"


def test_a_revised_event_carries_its_revision_so_calendars_replace_it(
    client: Client, event: Event
) -> None:
    import icalendar

    from callidarity.events import services

    services.record_changes(event, ["starts_at"])
    services.record_changes(event, ["status"])
    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}.ics").content)
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("SEQUENCE") == 2

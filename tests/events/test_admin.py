"""The events admin reads and shows an event's times in the event's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from callidarity.accounts.roles import Role
from callidarity.events.models import Event

from ..accounts.staff import log_in, make_staff
from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client: Client) -> Client:
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]))
    return client


def _form(**fields: str) -> dict[str, str]:
    data = {
        "title": "Press conference in New York",
        "slug": "press-new-york",
        "kind": Event.Kind.PRESS,
        "status": Event.Status.PUBLISHED,
        "description": "",
        "starts_at_0": "2030-01-15",
        "starts_at_1": "18:00",
        "ends_at_0": "2030-01-15",
        "ends_at_1": "19:00",
        "timezone": "America/New_York",
        "place": "City Hall",
        "address": "",
        "online_url": "",
        "capacity": "",
        "rsvps-TOTAL_FORMS": "0",
        "rsvps-INITIAL_FORMS": "0",
        "rsvps-MIN_NUM_FORMS": "0",
        "rsvps-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_times_typed_for_an_event_elsewhere_are_read_in_its_time_zone(
    organizer_client: Client,
) -> None:
    response = organizer_client.post("/admin/events/event/add/", _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="press-new-york")
    # 6 pm in New York in January (EST, UTC-5) is 11 pm UTC, not midnight (Chicago's 6 pm).
    assert event.starts_at == datetime(2030, 1, 15, 23, 0, tzinfo=UTC)

    page = organizer_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'value="18:00:00"' in page


def test_moving_an_event_in_the_admin_makes_a_new_revision(organizer_client: Client) -> None:
    event = make_event()  # 6 pm Chicago, 15 January 2030
    data = _form(
        title=event.title,
        slug=event.slug,
        kind=event.kind,
        timezone="America/Chicago",
        place=event.place,
        address=event.address,
        capacity="5",
        starts_at_1="19:00",
        ends_at_1="21:00",
    )
    response = organizer_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.starts_at == datetime(2030, 1, 16, 1, 0, tzinfo=UTC)
    assert event.sequence == 1

"""RSVPs under concurrent sign-ups, on PostgreSQL: never past capacity, once per email."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client

from callidarity.core.forms import started_stamp
from callidarity.events import selectors, services
from callidarity.events.exceptions import EventFull
from callidarity.events.models import RSVP, Event
from tests.concurrency import run_in_threads

from .conftest import make_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _rsvper(event: Event, email: str) -> Callable[[], str]:
    def go() -> str:
        try:
            return str(services.rsvp(event=event, name="Rosa", email=email).outcome)
        except EventFull:
            return "full"

    return go


def test_twenty_concurrent_rsvps_fill_five_spots_exactly(db: None) -> None:
    event = make_event(capacity=5)

    outcomes = run_in_threads([_rsvper(event, f"p{i}@example.org") for i in range(20)])

    assert Counter(outcomes) == {"going": 5, "full": 15}
    assert RSVP.objects.filter(status=RSVP.Status.GOING).count() == 5
    assert selectors.spots_left(event) == 0


def test_concurrent_rsvps_by_one_email_make_one(db: None) -> None:
    event = make_event(capacity=5)
    emails = ["rosa@example.org", "ROSA@example.org", "Rosa@Example.org"]

    outcomes = run_in_threads([_rsvper(event, emails[i % 3]) for i in range(20)])

    assert Counter(outcomes) == {"going": 1, "already": 19}
    assert RSVP.objects.count() == 1


def test_concurrent_form_posts_never_pass_capacity(db: None) -> None:
    make_event(capacity=5)

    def post(i: int) -> Callable[[], str]:
        def send() -> str:
            data = {"name": "Rosa", "email": f"p{i}@example.org", "website": "",
                    "started": started_stamp()}  # fmt: skip
            return str(Client().post("/events/rally-for-clemency/", data).status_code)

        return send

    outcomes = run_in_threads([post(i) for i in range(20)])

    assert Counter(outcomes) == {"302": 5, "409": 15}
    assert RSVP.objects.filter(status=RSVP.Status.GOING).count() == 5

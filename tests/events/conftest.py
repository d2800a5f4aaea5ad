"""Fixtures for events: a rally in Chicago one winter evening, and a call-in it links to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callidarity.advocacy.models import Action
from callidarity.events.models import Event

# 6 pm to 8 pm in Chicago (CST, UTC-6) on 15 January 2030: midnight to 2 am UTC on the 16th.
STARTS = datetime(2030, 1, 16, 0, 0, tzinfo=UTC)
ENDS = datetime(2030, 1, 16, 2, 0, tzinfo=UTC)


def make_event(**fields: object) -> Event:
    values: dict[str, object] = {
        "slug": "rally-for-clemency",
        "title": "Rally for clemency",
        "kind": Event.Kind.RALLY,
        "description": "Bring a sign; **wear purple**.",
        "starts_at": STARTS,
        "ends_at": ENDS,
        "timezone": "America/Chicago",
        "place": "Thompson Center",
        "address": "100 W Randolph St, Chicago, IL 60601",
        "capacity": 5,
        "status": Event.Status.PUBLISHED,
    }
    values.update(fields)
    return Event.objects.create(**values)


@pytest.fixture
def event(db: None) -> Event:
    return make_event()


@pytest.fixture
def linked_action(db: None, event: Event) -> Action:
    action = Action.objects.create(
        slug="clemency-call-in",
        title="Call-in day for clemency",
        ask="Ask the Governor to grant clemency to mothers inside.",
        script="Hello, I am {supporter_name}.",
        status=Action.Status.LIVE,
    )
    event.actions.add(action)
    return action

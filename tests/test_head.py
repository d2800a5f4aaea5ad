"""Every page that answers GET answers HEAD the same way (link checkers, uptime monitors
and some phones' browsers ask with HEAD first)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .accounts.matrix import site_routes

pytestmark = pytest.mark.django_db

# Routes without parameters: their URL is the route itself.
PLAIN = sorted(
    {r.route for r in site_routes() if not re.search(r"[<(\[]", r.route) and "admin" not in r.route}
)


def test_there_are_public_pages_to_ask() -> None:
    assert {"bills/", "events/", "library/", "volunteer/", "drives/"} <= set(PLAIN)


@pytest.mark.parametrize("route", PLAIN)
def test_head_answers_as_get_does(client: Client, route: str) -> None:
    # A POST-only view refuses both (405): the same answer too.
    assert client.head("/" + route).status_code == client.get("/" + route).status_code

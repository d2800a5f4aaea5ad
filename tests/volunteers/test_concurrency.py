"""Pledges under concurrent forms, on PostgreSQL: never past what is needed."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client

from callidarity.core.forms import started_stamp
from callidarity.volunteers import selectors, services
from callidarity.volunteers.exceptions import TooMany
from callidarity.volunteers.models import Drive, Pledge
from tests.concurrency import run_in_threads

from .conftest import items, make_drive

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _pledger(drive: Drive, quantities: dict[int, int], i: int) -> Callable[[], str]:
    def go() -> str:
        try:
            result = services.pledge(
                drive=drive, name="Ana", email=f"p{i}@example.org", quantities=quantities,
                submission=uuid.uuid4(),
            )  # fmt: skip
        except TooMany:
            return "too many"
        return str(result.outcome)

    return go


def test_twenty_concurrent_pledges_take_exactly_what_is_needed(illinois: None) -> None:
    drive = make_drive()
    soap, socks = items(drive)  # 10 bars of soap, 5 pairs of socks

    outcomes = run_in_threads([_pledger(drive, {soap.pk: 2, socks.pk: 1}, i) for i in range(20)])

    assert Counter(outcomes) == {"pledged": 5, "too many": 15}
    progress = {row.item.name: row for row in selectors.list_item_progress(drive)}
    assert (progress["Bars of soap"].pledged, progress["Socks"].pledged) == (10, 5)


def test_pledges_for_items_in_any_order_do_not_deadlock(illinois: None) -> None:
    drive = make_drive()
    soap, socks = items(drive)
    # Dicts in opposite orders: the locks are still taken in primary-key order.
    targets = [
        _pledger(drive, {soap.pk: 1, socks.pk: 1} if i % 2 else {socks.pk: 1, soap.pk: 1}, i)
        for i in range(12)
    ]

    outcomes = run_in_threads(targets)

    assert Counter(outcomes) == {"pledged": 5, "too many": 7}
    assert Pledge.objects.filter(item=socks).count() == 5


def test_one_form_sent_at_once_from_many_tabs_pledges_once(illinois: None) -> None:
    drive = make_drive()
    soap, _socks = items(drive)
    data = {"name": "Ana", "email": "ana@example.org", f"item_{soap.pk}": "3",
            "submission": str(uuid.uuid4()), "website": ""}  # fmt: skip

    def post() -> str:
        return str(Client().post(drive.get_absolute_url(), {**data, "started": started_stamp()})
                   .status_code)  # fmt: skip

    outcomes = run_in_threads([post for _ in range(8)])

    assert Counter(outcomes) == {"302": 8}
    assert list(Pledge.objects.values_list("quantity", flat=True)) == [3]

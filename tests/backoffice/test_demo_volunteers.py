"""The volunteers demo: invented volunteers across Illinois and a Logan hygiene-kit drive
with pledges, loaded once, with nothing in the ledger."""

from __future__ import annotations

import pytest
from django.test import Client

from callidarity.aid.models import Facility
from callidarity.backoffice.demo_volunteers import DRIVE_SLUG, load_volunteers_demo
from callidarity.ledger.models import Entry, Transaction
from callidarity.volunteers import selectors
from callidarity.volunteers.models import Drive, Pledge, Volunteer

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Volunteer, Drive, Pledge, Transaction, Entry)}


def test_the_demo_loads_volunteers_and_the_logan_drive_once() -> None:
    assert load_volunteers_demo() is True
    first = _counts()

    assert load_volunteers_demo() is False

    assert _counts() == first
    assert first == {"Volunteer": 7, "Drive": 1, "Pledge": 7, "Transaction": 0, "Entry": 0}
    assert all("(demo)" in v.name for v in Volunteer.objects.all())
    drive = Drive.objects.get(slug=DRIVE_SLUG)
    assert drive.facility == Facility.objects.get(name="Logan Correctional Center")
    assert drive.takes_pledges
    assert "invented" in drive.description
    progress = {row.item.name: row for row in selectors.list_item_progress(drive)}
    assert (progress["Bars of soap"].pledged, progress["Bars of soap"].delivered) == (85, 60)
    assert (progress["Socks"].pledged, progress["Socks"].delivered) == (64, 24)
    assert progress["Shampoo"].delivered == 0


def test_the_demo_volunteers_near_logan_are_the_ones_in_lincoln_first() -> None:
    load_volunteers_demo()
    logan = Facility.objects.get(name="Logan Correctional Center")
    point = selectors.facility_point(logan)
    assert point is not None

    near = selectors.list_volunteers_near(point, radius_miles=50)

    assert [(r.volunteer.zip_code, r.miles) for r in near.rows][:2] == [("62656", 0)] * 2
    assert {r.volunteer.zip_code for r in near.rows} == {"62656", "62526", "62701", "62704"}
    assert near.unknown_zip == 0


def test_the_demo_drive_page_shows_its_counts(client: Client) -> None:
    load_volunteers_demo()

    page = client.get(f"/drives/{DRIVE_SLUG}/").content.decode()

    assert "Hygiene kits for the women at Logan" in page
    assert "85 of 200 pledged, 60 delivered" in page

"""The demo's bills: real bills at three stages, published with the group's words, HB 3773
linked to the demo letter, loaded once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from callidarity.advocacy.models import Action
from callidarity.backoffice.demo_advocacy import LETTER_SLUG, load_advocacy_demo
from callidarity.backoffice.demo_bills import load_bills_demo
from callidarity.legislation.models import (
    Bill,
    BillAction,
    BillFollower,
    Hearing,
    Sponsorship,
    Stage,
    StageChange,
    WitnessSlip,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)  # inside the 104th General Assembly


def test_the_demo_bills_stand_at_their_stages_and_are_published() -> None:
    assert load_bills_demo(today=TODAY) is True

    bills = {b.slug: b for b in Bill.objects.all()}
    assert set(bills) == {"104-hb3773", "102-sb2129", "102-sb46"}
    assert {b.status for b in bills.values()} == {Bill.Status.PUBLISHED}
    assert (bills["104-hb3773"].stage, bills["104-hb3773"].stage_on) == (
        Stage.FILED,
        date(2025, 2, 7),
    )
    assert (bills["102-sb2129"].stage, bills["102-sb2129"].stage_on) == (
        Stage.LAW,
        date(2021, 7, 15),
    )
    assert (bills["102-sb46"].stage, bills["102-sb46"].stage_on) == (Stage.DEAD, date(2021, 6, 2))
    assert bills["104-hb3773"].position == Bill.Position.SUPPORT
    assert "HB 3773 would make calls from state prisons free." in bills["104-hb3773"].why_it_matters
    assert all(b.why_it_matters for b in bills.values())
    assert Sponsorship.objects.get(bill=bills["102-sb2129"], primary=True).name == "Robert Peters"
    assert BillAction.objects.filter(bill=bills["102-sb46"]).count() == 23
    assert StageChange.objects.count() == 0  # new bills: nothing moved


def test_hb3773_is_linked_to_the_demo_letter() -> None:
    load_advocacy_demo()

    load_bills_demo(today=TODAY)

    bill = Bill.objects.get(slug="104-hb3773")
    assert list(bill.actions.values_list("slug", flat=True)) == [LETTER_SLUG]
    assert Action.objects.get(slug=LETTER_SLUG).status == Action.Status.LIVE


def test_loading_twice_changes_nothing() -> None:
    load_bills_demo(today=TODAY)
    before = (Bill.objects.count(), BillAction.objects.count(), Sponsorship.objects.count())

    assert load_bills_demo(today=TODAY) is False

    assert (Bill.objects.count(), BillAction.objects.count(), Sponsorship.objects.count()) == before


def test_the_demo_bills_pages_open(client: Client) -> None:
    load_advocacy_demo()
    load_bills_demo(today=TODAY)

    listing = client.get("/bills/").content.decode()
    page = client.get("/bills/104-hb3773/").content.decode()

    assert "Free phone calls from Illinois state prisons" in listing
    assert "State resentencing motion" in listing
    assert "Filed with the Clerk by Rep. Hoan Huynh" in page
    assert "Free calls home: write to the Speaker and the Senate President" in page
    assert client.get("/bills/102-sb46/").status_code == 200


def test_hb3773_has_an_invented_hearing_with_slips_and_followers(client: Client) -> None:
    load_bills_demo()  # today: the hearing is ten days ahead, open for slips

    hearing = Hearing.objects.get()
    assert hearing.bill.slug == "104-hb3773"
    assert hearing.status == Hearing.Status.PUBLISHED
    assert hearing.starts_at.date() == timezone.localdate() + timedelta(days=10)
    assert "invented for the demo" in hearing.guide
    assert WitnessSlip.objects.filter(hearing=hearing).count() == 2
    assert BillFollower.objects.filter(bill=hearing.bill, confirmed_at__isnull=False).count() == 3
    page = client.get("/bills/104-hb3773/").content.decode()
    assert "Restorative Justice Committee (demo)" in page

"""The legislation admin: organizers open every page; the stage and the history are read,
never typed in; stage changes, followers and slips are read-only; other roles see nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from callidarity.accounts.roles import Role
from callidarity.advocacy.models import Target
from callidarity.legislation.models import (
    Bill,
    BillFollower,
    Hearing,
    Stage,
    StageChange,
    WitnessSlip,
)
from callidarity.legislation.services.imports import import_bill
from callidarity.supporters.models import Supporter

from ..accounts.staff import log_in, make_staff
from .billdata import bill_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client: Client) -> Client:
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]))
    return client


@pytest.fixture
def bill(db: None) -> Bill:
    Target.objects.create(name="Ana Example", role="lower", chamber="lower")
    return import_bill(bill_json(), as_of=date(2025, 6, 1)).bill


def test_the_bill_list_and_page_show_stage_history_and_sponsors(
    organizer: Client, bill: Bill
) -> None:
    listing = organizer.get("/admin/legislation/bill/?stage__exact=committee").content.decode()
    assert "HB 9999" in listing
    assert "In committee" in listing

    page = organizer.get(f"/admin/legislation/bill/{bill.pk}/change/").content.decode()

    assert "Assigned to Judiciary - Criminal Committee" in page  # the history, shown
    assert 'name="history-0-description"' not in page  # and never an input
    assert 'name="sponsors-0-name"' in page  # sponsors can be corrected
    assert 'name="stage"' not in page  # the stage comes from the history
    assert 'name="position"' in page
    assert 'name="actions"' in page


def test_an_organizer_changes_the_position_and_the_stage_stays(
    organizer: Client, bill: Bill
) -> None:
    page = organizer.get(f"/admin/legislation/bill/{bill.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "actions"}
    sponsors = list(bill.sponsors.all())
    data.update(
        {
            "position": "support",
            "why_it_matters": "Calls keep families close.",
            "status": "published",
            "stage": "law",  # ignored: not a field of the form
            "sponsors-TOTAL_FORMS": str(len(sponsors)),
            "sponsors-INITIAL_FORMS": str(len(sponsors)),
            "history-TOTAL_FORMS": "4",
            "history-INITIAL_FORMS": "4",
        }
    )
    for i, sponsor in enumerate(sponsors):
        row = {
            "id": sponsor.pk,
            "bill": bill.pk,
            "name": sponsor.name,
            "primary": "on" if sponsor.primary else "",
            "classification": sponsor.classification,
            "chamber": sponsor.chamber,
            "target": sponsor.target_id or "",
            "order": sponsor.order,
        }
        data.update({f"sponsors-{i}-{key}": str(value) for key, value in row.items()})
    for i, action in enumerate(bill.history.order_by("order")):
        data[f"history-{i}-id"] = str(action.pk)
        data[f"history-{i}-bill"] = str(bill.pk)

    response = organizer.post(f"/admin/legislation/bill/{bill.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    bill.refresh_from_db()
    assert (bill.position, bill.status, bill.stage) == ("support", "published", Stage.COMMITTEE)
    assert bill.history.count() == 4


@pytest.mark.parametrize(
    "path",
    [
        "/admin/legislation/bill/add/",
        "/admin/legislation/hearing/",
        "/admin/legislation/hearing/add/",
        "/admin/legislation/stagechange/",
        "/admin/legislation/billfollower/",
        "/admin/legislation/witnessslip/",
    ],
)
def test_every_legislation_admin_page_opens(organizer: Client, bill: Bill, path: str) -> None:
    assert organizer.get(path).status_code == 200


def test_stage_changes_are_read_only(organizer: Client, bill: Bill) -> None:
    change = StageChange.objects.create(bill=bill, from_stage="filed", to_stage="committee")

    assert organizer.get("/admin/legislation/stagechange/add/").status_code == 403
    page = organizer.get(f"/admin/legislation/stagechange/{change.pk}/change/").content.decode()
    assert 'name="to_stage"' not in page
    assert (
        organizer.post(
            f"/admin/legislation/stagechange/{change.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert StageChange.objects.count() == 1


def test_an_organizer_deletes_a_bill_or_hearing_with_its_records(
    organizer: Client, bill: Bill
) -> None:
    supporter = Supporter.objects.create(email="ana@example.org")
    hearing = Hearing.objects.create(
        bill=bill, committee="Judiciary", chamber="lower", slip_url="https://www.ilga.gov/",
        starts_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    WitnessSlip.objects.create(hearing=hearing, supporter=supporter)
    BillFollower.objects.create(bill=bill, supporter=supporter)
    StageChange.objects.create(bill=bill, from_stage="filed", to_stage="committee")

    assert organizer.get(f"/admin/legislation/hearing/{hearing.pk}/delete/").status_code == 200
    response = organizer.post(f"/admin/legislation/hearing/{hearing.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert (Hearing.objects.count(), WitnessSlip.objects.count()) == (0, 0)

    page = organizer.get(f"/admin/legislation/bill/{bill.pk}/delete/").content.decode()
    assert "<li>Stage changes: 1</li>" in page  # what goes with it is listed first
    assert "<li>Bill followers: 1</li>" in page
    response = organizer.post(f"/admin/legislation/bill/{bill.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert (Bill.objects.count(), BillFollower.objects.count(), StageChange.objects.count()) == (
        0,
        0,
        0,
    )
    assert Supporter.objects.filter(email="ana@example.org").exists()


def test_an_organizer_adds_a_hearing(organizer: Client, bill: Bill) -> None:
    response = organizer.post("/admin/legislation/hearing/add/", {
        "bill": str(bill.pk), "committee": "Judiciary - Criminal", "chamber": "lower",
        "starts_at_0": "2025-03-12", "starts_at_1": "14:00", "position": "proponent",
        "slip_url": "my.ilga.gov/WitnessSlip", "guide": "", "status": "published",
    })  # fmt: skip

    assert response.status_code == 302
    assert Hearing.objects.get().slip_url == "https://my.ilga.gov/WitnessSlip"


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.TREASURER, Role.MODERATOR])
def test_other_roles_cannot_open_bills(client: Client, bill: Bill, role: Role) -> None:
    log_in(client, make_staff("sam", roles=[role]))

    assert client.get("/admin/legislation/bill/").status_code == 403

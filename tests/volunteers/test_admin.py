"""The volunteers admin: filtered by skill, searched by email; pledges delivered or
cancelled through the services (actions), which the drive's counts then show."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.supporters.models import Supporter
from callidarity.volunteers import selectors, services
from callidarity.volunteers.models import Drive, Pledge, Volunteer, VolunteerSkill
from tests.accounts.staff import log_in, make_staff

from .conftest import items

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/volunteers/volunteer/"
PLEDGES = "/admin/volunteers/pledge/"


@pytest.fixture
def organizer_client(client: Client) -> Client:
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]))
    return client


def _volunteer(name: str, email: str, *skills: str) -> Volunteer:
    supporter = Supporter.objects.create(email=email)
    found = Volunteer.objects.create(supporter=supporter, name=name, zip_code="62656")
    VolunteerSkill.objects.bulk_create([VolunteerSkill(volunteer=found, skill=s) for s in skills])
    return found


def test_the_list_filters_by_skill_and_searches_by_email(organizer_client: Client) -> None:
    _volunteer("Dana Driver", "dana@example.org", "rides", "translation")
    _volunteer("Paula Phones", "paula@example.org", "phone-banking")

    rides = organizer_client.get(CHANGELIST, {"skill": "rides"}).content.decode()
    found = organizer_client.get(CHANGELIST, {"q": "paula@"}).content.decode()

    assert "Dana Driver" in rides
    assert "Rides to visits, Translation" in rides
    assert "Paula Phones" not in rides
    assert "Paula Phones" in found
    assert "Dana Driver" not in found


def test_a_caseworker_cannot_see_volunteers(client: Client) -> None:
    log_in(client, make_staff("carmen", roles=[Role.CASEWORKER]), verified=True)
    assert client.get(CHANGELIST).status_code == 403


def _pledges(drive: Drive) -> list[Pledge]:
    soap, socks = items(drive)
    return services.pledge(
        drive=drive, name="Ana", email="ana@example.org", quantities={soap.pk: 3, socks.pk: 2},
        submission=uuid.uuid4(),
    ).pledges  # fmt: skip


def test_the_deliver_action_counts_the_pledges_delivered(
    organizer_client: Client, drive: Drive
) -> None:
    soap_pledge, socks_pledge = _pledges(drive)
    services.cancel_pledge(pledge=socks_pledge, by=None)

    response = organizer_client.post(
        PLEDGES,
        {"action": "deliver_in_full", "_selected_action": [soap_pledge.pk, socks_pledge.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 pledge marked delivered." in page
    assert "1 was not open (already delivered or cancelled) and is unchanged." in page
    assert [(r.item.name, r.pledged, r.delivered) for r in selectors.list_item_progress(drive)] == [
        ("Bars of soap", 3, 3), ("Socks", 0, 0),
    ]  # fmt: skip
    assert Pledge.objects.get(pk=socks_pledge.pk).status == Pledge.Status.CANCELLED


def test_the_cancel_action_frees_the_items(organizer_client: Client, drive: Drive) -> None:
    soap_pledge, _socks_pledge = _pledges(drive)

    organizer_client.post(PLEDGES, {"action": "cancel", "_selected_action": [soap_pledge.pk]})

    assert Pledge.objects.get(pk=soap_pledge.pk).status == Pledge.Status.CANCELLED
    assert selectors.list_item_progress(drive)[0].still_needed == 10


def test_the_admin_pages_open(organizer_client: Client, drive: Drive) -> None:
    volunteer = _volunteer("Dana Driver", "dana@example.org", "rides")
    soap_pledge, _ = _pledges(drive)
    pages = [
        f"{CHANGELIST}{volunteer.pk}/change/",
        "/admin/volunteers/drive/add/",
        f"/admin/volunteers/drive/{drive.pk}/change/",
        f"{PLEDGES}{soap_pledge.pk}/change/",
        PLEDGES,
        "/admin/volunteers/volunteersignup/",
    ]
    assert {page: organizer_client.get(page).status_code for page in pages} == dict.fromkeys(
        pages, 200
    )


def test_the_drive_page_shows_each_item_pledged_and_delivered(
    organizer_client: Client, drive: Drive
) -> None:
    soap_pledge, _ = _pledges(drive)
    services.mark_delivered(pledge=soap_pledge, by=None, quantity=2)

    page = organizer_client.get(f"/admin/volunteers/drive/{drive.pk}/change/").content.decode()

    # Soap: 3 pledged, 2 of them brought (the third is free again); socks: 2 pledged.
    # (The blank forms for new items follow, with zeros.)
    assert re.findall(r'class="field-pledged">\s*<p>(\d+)</p>', page)[:2] == ["2", "2"]
    assert re.findall(r'class="field-delivered">\s*<p>(\d+)</p>', page)[:2] == ["2", "0"]


def test_an_open_pledge_page_records_a_partial_delivery(
    organizer_client: Client, drive: Drive
) -> None:
    soap_pledge, _ = _pledges(drive)  # 3 bars of soap
    page = f"{PLEDGES}{soap_pledge.pk}/change/"
    assert 'name="brought"' in organizer_client.get(page).content.decode()

    response = organizer_client.post(page, {"brought": "2"}, follow=True)

    assert "2 marked delivered." in response.content.decode()
    found = Pledge.objects.get(pk=soap_pledge.pk)
    assert (found.status, found.quantity, found.delivered_quantity) == ("delivered", 3, 2)
    assert AuditEvent.objects.filter(action="volunteers.pledge.delivered").count() == 1
    # 2 brought: the third bar is free for someone else.
    soap = selectors.list_item_progress(drive)[0]
    assert (soap.pledged, soap.delivered, soap.still_needed) == (2, 2, 8)
    # Delivered: the page offers nothing more to record.
    assert 'name="brought"' not in organizer_client.get(page).content.decode()


@pytest.mark.parametrize(
    ("brought", "message"),
    [
        ("0", "Enter how many were brought: at least 1."),
        ("-4", "Enter how many were brought: at least 1."),
        ("99999999999", "Enter how many were brought: at most 1000."),
        ("lots", "Enter a whole number, like 3."),
    ],
)
def test_a_bad_delivery_count_is_refused_and_nothing_changes(
    organizer_client: Client, drive: Drive, brought: str, message: str
) -> None:
    soap_pledge, _ = _pledges(drive)

    response = organizer_client.post(f"{PLEDGES}{soap_pledge.pk}/change/", {"brought": brought})

    assert response.status_code == 200  # the admin shows the form again, with the error
    assert message in response.content.decode()
    assert Pledge.objects.get(pk=soap_pledge.pk).status == Pledge.Status.PLEDGED


def test_a_delivered_or_cancelled_pledge_cannot_be_delivered_again(
    organizer_client: Client, drive: Drive
) -> None:
    soap_pledge, socks_pledge = _pledges(drive)
    services.mark_delivered(pledge=soap_pledge, by=None, quantity=1)
    services.cancel_pledge(pledge=socks_pledge, by=None)

    for found in (soap_pledge, socks_pledge):
        organizer_client.post(f"{PLEDGES}{found.pk}/change/", {"brought": "2"})

    assert [(p.status, p.delivered_quantity) for p in Pledge.objects.order_by("pk")] == [
        ("delivered", 1), ("cancelled", 0),
    ]  # fmt: skip


def test_a_pledge_cannot_be_deleted_so_its_delivery_stays_on_record(
    organizer_client: Client, drive: Drive
) -> None:
    soap_pledge, _ = _pledges(drive)
    services.mark_delivered(pledge=soap_pledge, by=None)

    response = organizer_client.post(f"{PLEDGES}{soap_pledge.pk}/delete/", {"post": "yes"})
    bulk = organizer_client.post(
        PLEDGES, {"action": "delete_selected", "_selected_action": [soap_pledge.pk], "post": "yes"}
    )

    assert response.status_code == 403
    assert bulk.status_code in (200, 302)
    assert Pledge.objects.count() == 2
    assert selectors.list_item_progress(drive)[0].delivered == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"zip_code": "ABCDE"}, "Enter your 5-digit ZIP code, like 62656."),
        ({"zip_code": "00000"}, "We do not know the ZIP code 00000."),
        ({"phone": "call me"}, "Enter a phone number, like (312) 555-0142."),
    ],
)
def test_correcting_a_volunteer_checks_her_zip_code_and_phone(
    organizer_client: Client, changes: dict[str, str], message: str
) -> None:
    found = _volunteer("Dana Driver", "dana@example.org", "rides")
    data = {"name": "Dana Driver", "phone": "", "zip_code": "62656", "other_skill": "",
            "languages": "", "availability": "", "status": "active", **changes}  # fmt: skip

    response = organizer_client.post(f"{CHANGELIST}{found.pk}/change/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    found.refresh_from_db()
    assert (found.zip_code, found.phone) == ("62656", "")


def test_an_organizer_corrects_a_volunteer_zip_code(organizer_client: Client) -> None:
    found = _volunteer("Dana Driver", "dana@example.org", "rides")
    data = {"name": "Dana Driver", "phone": "(217) 555-0101", "zip_code": " 62526 ",
            "other_skill": "", "languages": "", "availability": "", "status": "active"}  # fmt: skip

    response = organizer_client.post(f"{CHANGELIST}{found.pk}/change/", data)

    assert response.status_code == 302
    found.refresh_from_db()
    assert (found.zip_code, found.phone) == ("62526", "(217) 555-0101")

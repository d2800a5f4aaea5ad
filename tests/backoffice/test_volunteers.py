"""The organizers' "volunteers near a facility" page: nearest first, in miles, skipped
ZIP codes counted, bounded radius (400), the CSV, and organizers only."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from callidarity.accounts.roles import Role
from callidarity.aid.models import Facility
from callidarity.supporters.models import Supporter
from callidarity.volunteers.models import Volunteer, VolunteerSkill
from tests.accounts.matrix import MATRIX, walk
from tests.accounts.staff import log_in, make_staff

pytestmark = pytest.mark.django_db
# `\d` takes these digits too: the ZIP code library panicked on them (a 500).
FULL_WIDTH_ZIP = "\uff16\uff12\uff16\uff15\uff16"
URL = "/admin/support/volunteers/near/"


def volunteer(name: str, zip_code: str, *skills: str, **fields: str) -> Volunteer:
    supporter = Supporter.objects.create(email=f"{name.split()[0].lower()}@example.org")
    found = Volunteer.objects.create(supporter=supporter, name=name, zip_code=zip_code, **fields)
    VolunteerSkill.objects.bulk_create([VolunteerSkill(volunteer=found, skill=s) for s in skills])
    return found


@pytest.fixture
def people(db: None) -> None:
    volunteer("Dana Decatur", "62526", "rides", phone="217-555-0101")  # 30 miles from Logan
    volunteer("Lina Lincoln", "62656", "drop-off", "rides")  # 0 miles
    volunteer("Sara Springfield", "62701", "phone-banking")  # 28 miles
    volunteer("Cleo Chicago", "60625", "rides")  # 153 miles
    volunteer("Nina Nowhere", "00000", "rides")  # no known centre
    volunteer("Stella Stopped", "62656", "rides", status=Volunteer.Status.STOPPED)


@pytest.fixture
def organizer(client: Client) -> Client:
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]), verified=True)
    return client


def _names(html: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", html)


def test_the_page_answers_every_persona_as_the_matrix_says(client: Client) -> None:
    mine = "backoffice:volunteers-near"
    problems = walk(client, "backoffice", matrix={mine: MATRIX[mine]})
    assert [p for p in problems if not p.endswith("not in the matrix")] == []
    assert MATRIX[mine]["caseworker+2fa"].value == "forbidden"


def test_the_volunteers_near_logan_nearest_first(organizer: Client, people: None) -> None:
    logan = Facility.objects.get(name="Logan Correctional Center")

    page = organizer.get(URL, {"facility": logan.pk, "radius": "50"}).content.decode()

    assert _names(page) == ["Lina Lincoln", "Sara Springfield", "Dana Decatur"]
    assert "About 0 miles away (62656)" in page
    assert "About 30 miles away (62526)" in page
    assert '<a href="tel:217-555-0101">217-555-0101</a>' in page
    assert '<a href="mailto:dana@example.org">' in page
    assert "3 volunteers within 50 miles of Logan Correctional Center" in page
    assert "1 volunteer was skipped" in page


def test_a_skill_and_a_zip_code_narrow_the_list(organizer: Client, people: None) -> None:
    page = organizer.get(URL, {"zip_code": "62656", "radius": "200", "skill": "rides"})

    assert _names(page.content.decode()) == ["Lina Lincoln", "Dana Decatur", "Cleo Chicago"]


def test_the_radius_defaults_to_fifty_miles(organizer: Client, people: None) -> None:
    page = organizer.get(URL, {"zip_code": "62656"}).content.decode()

    assert "within 50 miles of 62656" in page
    assert "Cleo Chicago" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"zip_code": "62656", "radius": "0"}, "Enter at least 1 mile."),
        ({"zip_code": "62656", "radius": "5000"}, "Enter at most 500 miles."),
        ({"zip_code": "62656", "radius": "far"}, "Enter a whole number of miles, like 50."),
        ({"zip_code": "6265"}, "Enter a known 5-digit ZIP code, like 62656."),
        ({"zip_code": FULL_WIDTH_ZIP}, "Enter a known 5-digit ZIP code, like 62656."),
        ({"zip_code": "6265A"}, "Enter a known 5-digit ZIP code, like 62656."),
        ({"radius": "50"}, "Choose a facility or type a ZIP code."),
        ({"facility": "999999"}, "Choose a facility from the list."),
        ({"zip_code": "62656", "skill": "juggling"}, "Choose a skill from the list."),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message(
    organizer: Client, people: None, query: dict[str, str], message: str
) -> None:
    response = organizer.get(URL, query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_list_downloads_as_csv(organizer: Client, people: None) -> None:
    page = organizer.get(URL, {"zip_code": "62656", "radius": "40"}).content.decode()
    assert 'href="?zip_code=62656&amp;radius=40&amp;export=csv"' in page

    response = organizer.get(URL, {"zip_code": "62656", "radius": "40", "export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["miles", "name", "ZIP code"]
    assert [(r[0], r[1], r[6]) for r in rows[1:]] == [
        ("0", "Lina Lincoln", "lina@example.org"),
        ("28", "Sara Springfield", "sara@example.org"),
        ("30", "Dana Decatur", "dana@example.org"),
    ]


def test_a_head_request_answers_like_a_get_and_a_post_is_refused(
    organizer: Client, people: None
) -> None:
    assert organizer.head(URL, {"zip_code": "62656"}).status_code == 200
    assert organizer.post(URL, {"zip_code": "62656"}).status_code == 405


def test_the_csv_never_runs_a_name_or_note_as_a_formula(organizer: Client, people: None) -> None:
    volunteer(
        '=HYPERLINK("http://evil.example","Click")',
        "62656",
        "rides",
        languages="@SUM(1+1)",
        availability="-2+3",
        phone="+1 217 555 0100",
    )

    response = organizer.get(URL, {"zip_code": "62656", "radius": "5", "export": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    [row] = [r for r in csv.reader(io.StringIO(text)) if "HYPERLINK" in r[1]]
    assert row[1] == '\'=HYPERLINK("http://evil.example","Click")'
    assert (row[4], row[5], row[7]) == ("'@SUM(1+1)", "'+1 217 555 0100", "'-2+3")

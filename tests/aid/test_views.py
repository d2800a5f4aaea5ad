"""The public request form: stores a valid request, explains bad input, ignores bots."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from callidarity.aid.models import Facility, SupportRequest
from callidarity.ledger.models import Account

from .conftest import CANARIES, form_data, make_member

URL = "/support/request/"


def test_the_form_shows_the_facilities_and_the_privacy_note(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Logan Correctional Center (Lincoln, IL)" in page
    assert "What we keep, and why" in page
    assert 'name="website"' in page  # the honeypot


def test_a_valid_request_is_stored_and_thanked(client: Client, db: None) -> None:
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == "/support/request/thanks/"
    request = SupportRequest.objects.get()
    assert request.source == SupportRequest.Source.WEB
    assert request.person_name == CANARIES["person_name"]
    assert (request.wants_calls, request.wants_commissary) == (True, False)
    assert request.language == "es"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"person_name": ""}, "person_name", "Tell us who the support is for."),
        ({"wants_calls": None}, "wants_calls", "Choose at least one kind of support."),
        ({"facility": ""}, "facility_other", "Choose the facility, or write its name and city."),
        ({"facility": "999999"}, "facility", "Select a valid choice."),
        ({"children_zip": "6062"}, "children_zip", "Enter a 5-digit US ZIP code, like 60625."),
        ({"id_number": "<script>"}, "id_number", "Use only letters, numbers"),
        ({"requester_email": "not-an-email"}, "requester_email", "Enter a valid email address"),
        ({"requester_phone": "call me"}, "requester_phone", "Enter a phone number"),
        (
            {"requester_email": "", "requester_phone": ""},
            "requester_email",
            "Tell us how to reach you",
        ),
        ({"relationship": "boss"}, "relationship", "Select a valid choice."),
        ({"consent": None}, "consent", "We only support people who have asked for it."),
        ({"message": "x" * 1001}, "message", "at most 1000 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(
    client: Client, db: None, overrides: dict[str, str | None], field: str, message: str
) -> None:
    response = client.post(URL, form_data(**overrides))  # type: ignore[arg-type]
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert SupportRequest.objects.count() == 0
    # What was typed stays in the form, so nothing has to be typed again.
    if field != "person_name":
        assert CANARIES["person_name"] in response.content.decode()


def test_a_facility_not_on_the_list_is_taken_by_name(client: Client, db: None) -> None:
    response = client.post(URL, form_data(facility="", facility_other="Dwight, IL"))
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert (request.facility, request.facility_other) == (None, "Dwight, IL")


@pytest.mark.parametrize("trap", [{"website": "http://spam.example"}, {"started": "forged"}])
def test_a_bot_is_thanked_and_nothing_is_stored(
    client: Client, db: None, settings: Settings, trap: dict[str, str]
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    response = client.post(URL, form_data(**trap))
    assert response.status_code == 302
    assert SupportRequest.objects.count() == 0


def test_too_many_requests_from_one_address_are_refused(client: Client, db: None) -> None:
    for _ in range(10):
        assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data())
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert SupportRequest.objects.count() == 10


def test_the_form_needs_its_csrf_token(db: None) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, form_data()).status_code == 403
    assert SupportRequest.objects.count() == 0


def test_the_form_speaks_spanish(client: Client, db: None) -> None:
    response = client.get(URL, headers={"accept-language": "es"})
    page = response.content.decode()
    assert "Pide apoyo para alguien adentro" in page
    assert 'lang="es"' in page


def test_the_impact_page_counts_people_and_never_names_them(
    client: Client, logan: Facility, fund: Account
) -> None:
    for n in range(3):
        make_member(logan, fund, name=f"Canaryimpact {n}", miles=100 + n * 10)
    make_member(Facility.objects.get(name="Cook County Jail"), fund, name="Canaryimpact 9")
    page = client.get("/support/impact/").content.decode()
    assert "Canaryimpact" not in page
    assert "Logan Correctional Center" in page
    # Cook County Jail has one person: pooled, unnamed, and not counted exactly.
    assert "Cook County Jail" not in page
    assert "Other facilities" in page
    assert "fewer than 3" in page
    assert "People inside we support now" in page
    assert "<dd>4</dd>" in page
    assert "120 miles" in page  # (100 + 110 + 120 + 150) / 4


def test_the_impact_page_hides_a_distance_that_is_one_persons(
    client: Client, logan: Facility, fund: Account
) -> None:
    make_member(logan, fund, miles=211)
    make_member(logan, fund, miles=None)
    page = client.get("/support/impact/").content.decode()
    assert "211 miles" not in page  # (a bare "211" could be in the CSRF token)
    assert "Average distance" not in page

"""Calling one's own legislators: found from the ZIP code, or picked where it does not say."""

from __future__ import annotations

import pytest
from django.test import Client

from callidarity.advocacy import selectors
from callidarity.advocacy.models import Action, ActionTaken, Target
from callidarity.advocacy.selectors import ChoiceReason
from callidarity.advocacy.services import import_districts
from callidarity.advocacy.views.common import session_key

pytestmark = pytest.mark.django_db

URL = "/act/free-calls/"


@pytest.fixture
def table(db: None) -> None:
    import_districts(
        [
            {"zip": "60625", "chamber": "lower", "district": "39"},
            {"zip": "60625", "chamber": "lower", "district": "40"},
            {"zip": "60632", "chamber": "lower", "district": "1"},
        ]
    )


def test_one_district_is_found_from_the_zip_code(own_legislators: Action, table: None) -> None:
    choice = selectors.district_choice("lower", "60632")
    assert choice.resolved is not None
    assert [t.name for t in choice.resolved] == ["Aarón Ortíz"]


def test_a_zip_code_in_two_districts_offers_both(own_legislators: Action, table: None) -> None:
    choice = selectors.district_choice("lower", "60625")
    assert choice.resolved is None
    assert choice.reason == ChoiceReason.SPANS
    assert [d for d, _ in choice.candidates] == ["39", "40"]


def test_without_a_table_every_district_is_offered(own_legislators: Action) -> None:
    choice = selectors.district_choice("lower", "60625")
    assert choice.reason == ChoiceReason.NO_TABLE
    assert [d for d, _ in choice.candidates] == ["1", "39", "40"]


def test_the_caller_with_a_known_zip_calls_the_governor_and_her_representative(
    client: Client, own_legislators: Action, table: None
) -> None:
    response = client.post(URL, {"name": "Ana", "zip_code": "60632"})
    assert response["Location"] == URL + "call/"
    page = client.get(URL + "call/").content.decode()
    assert "Call 1 of 2" in page
    caller = client.session[session_key(own_legislators)]
    names = sorted(Target.objects.filter(pk__in=caller["pending"]).values_list("name", flat=True))
    assert names == ["Aarón Ortíz", "J. B. Pritzker"]
    ortiz = Target.objects.get(name="Aarón Ortíz")
    assert client.post(URL + "call/", {"target": ortiz.pk, "outcome": "contact"}).status_code == 302
    assert ActionTaken.objects.get().target == ortiz


def test_a_caller_picks_between_two_districts(
    client: Client, own_legislators: Action, table: None
) -> None:
    response = client.post(URL, {"zip_code": "60625"})
    assert response["Location"] == URL + "districts/"
    page = client.get(URL + "districts/").content.decode()
    assert "is in more than one district" in page
    assert "Will Guzzardi" in page
    assert "Jaime Andrade Jr." in page
    assert "Aarón Ortíz" not in page
    # Not one of the candidates: explained, nothing changes.
    assert client.post(URL + "districts/", {"district-lower": "1"}).status_code == 400
    assert client.post(URL + "districts/", {"district-lower": "40"}).status_code == 302
    page = client.get(URL + "call/").content.decode()
    assert "Call 1 of 2" in page
    caller = client.session[session_key(own_legislators)]
    assert Target.objects.get(name="Jaime Andrade Jr.").pk in caller["pending"]


def test_an_unknown_zip_code_is_picked_from_the_whole_list(
    client: Client, own_legislators: Action, table: None
) -> None:
    client.post(URL, {"zip_code": "62656"})
    page = client.get(URL + "districts/").content.decode()
    assert "could not find your ZIP code 62656" in page
    assert "<select" in page


def test_the_zip_code_is_required_and_checked(client: Client, own_legislators: Action) -> None:
    response = client.post(URL, {"zip_code": ""})
    assert response.status_code == 400
    assert "Enter your ZIP code" in response.content.decode()
    assert client.post(URL, {"zip_code": "6062x"}).status_code == 400
    assert client.get(URL + "call/").status_code == 302  # nothing started


def test_a_retired_target_is_shown_with_the_reason(
    client: Client, own_legislators: Action, governor: Target
) -> None:
    Target.objects.filter(pk=governor.pk).update(is_current=False)
    page = client.get(URL).content.decode()
    assert "no longer in office: not called" in page
    assert "Your own member of the State House" in page

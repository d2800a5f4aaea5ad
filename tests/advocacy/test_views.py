"""GET /api/targets/: the targets in office, filtered by chamber and district."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client

from callidarity.advocacy.models import Action, ActionTaken
from callidarity.advocacy.services import import_officials

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "openstates-il"


@pytest.fixture
def illinois_officials() -> None:
    import_officials(DATA, on=datetime.date(2026, 11, 22))


def test_every_current_target_with_its_phones(client: Client, illinois_officials: None) -> None:
    response = client.get("/api/targets/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["targets"]) == 179
    governor = next(t for t in data["targets"] if t["title"] == "Governor")
    assert governor == {
        "name": "J. B. Pritzker",
        "title": "Governor",
        "chamber": "executive",
        "district": "",
        "party": "Democratic",
        "phones": [{"office": "capitol", "phone": "217-782-6830"}],
    }


def test_filters_by_chamber_and_district(client: Client, illinois_officials: None) -> None:
    senate = client.get("/api/targets/", {"chamber": "upper"}).json()
    assert senate["count"] == 58
    assert {t["title"] for t in senate["targets"]} == {"State Senator"}
    house_1 = client.get("/api/targets/", {"chamber": "lower", "district": "1"}).json()
    assert [t["name"] for t in house_1["targets"]] == ["Aarón Ortíz"]
    assert client.get("/api/targets/", {"chamber": "executive"}).json()["count"] == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"chamber": "senate"}, "chamber must be one of: upper, lower, executive."),
        ({"district": "1; DROP TABLE"}, "district must be a district number"),
    ],
)
def test_bad_filters_are_a_400_with_a_reason(
    client: Client, db: None, params: dict[str, str], message: str
) -> None:
    response = client.get("/api/targets/", params)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.django_db
def test_action_pages_answer_head_as_get_and_a_head_records_nothing(
    client: Client, call_in: Action, petition: Action
) -> None:
    for path in (f"/act/{call_in.slug}/", f"/act/{petition.slug}/"):
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b""
    assert not ActionTaken.objects.exists()

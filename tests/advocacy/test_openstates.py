"""Reading OpenStates people: only the role held on the day asked about."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from callidarity.advocacy.openstates import OpenStatesError, current_role, read_person

DAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([{"type": "lower", "start_date": "2019-01-09"}], "lower"),
        ([{"type": "lower", "start_date": datetime.date(2019, 1, 9)}], "lower"),
        ([{"type": "lower", "end_date": "2018-12-31"}], None),
        ([{"type": "lower", "end_date": "2026-11-22"}], "lower"),  # the last day counts
        ([{"type": "upper", "start_date": "2027-01-11"}], None),  # not sworn in yet
        (
            [
                {"type": "lower", "end_date": "2018-12-31"},
                {"type": "lt_governor", "start_date": "2019-01-14"},
            ],
            "lt_governor",
        ),
        ([{"type": "mayor"}], None),
        ("not a list", None),
    ],
)
def test_the_role_held_on_the_day(roles: object, expected: str | None) -> None:
    role = current_role(roles, DAY)
    assert (role or {}).get("type") == expected


def test_a_person_file_keeps_accents_and_offices(tmp_path: Path) -> None:
    person = tmp_path / "p.yml"
    person.write_text(
        "id: ocd-person/abc\n"
        'name: "Aar\\xF3n Ort\\xEDz"\n'
        "email: district@example.org\n"
        "party:\n- name: Democratic\n"
        "roles:\n- start_date: 2019-01-09\n  type: lower\n  district: '1'\n"
        "offices:\n- classification: capitol\n  address: Room 288-S; Springfield, IL 62706\n"
        "  voice: 217-782-1117\n",
        encoding="utf-8",
    )
    official = read_person(person, on=DAY)
    assert official is not None
    assert (official.name, official.chamber, official.district, official.party) == (
        "Aarón Ortíz",
        "lower",
        "1",
        "Democratic",
    )
    [office] = official.offices
    assert (office.kind, office.phone, office.address) == (
        "capitol",
        "217-782-1117",
        "Room 288-S, Springfield, IL 62706",
    )


@pytest.mark.parametrize("text", ["id: nope\nname: X\n", "{{{", "- a list\n"])
def test_a_file_that_is_not_a_person_is_refused(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(text)
    with pytest.raises(OpenStatesError, match=r"bad\.yml"):
        read_person(bad, on=DAY)

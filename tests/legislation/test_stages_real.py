"""Real Illinois bill histories go through the right stages, step by step.

The histories are in `fixtures/` (sources in `fixtures/SOURCES.md`). The expected stages are
written by hand from the shared stage rules. They are not computed. Each table row reads:
after action `order` (with `as_of` the date of that action), the bill is in `stage`, and the
action that put it there was dated `since`.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from callidarity.legislation.models import Stage
from callidarity.legislation.stages import stage_of

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Action:
    date: datetime.date
    description: str
    classification: tuple[str, ...]
    chamber: str


@dataclass(frozen=True)
class Bill:
    identifier: str
    session: str
    actions: tuple[Action, ...]


def load(name: str) -> Bill:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    rows = sorted(data["actions"], key=lambda row: row["order"])
    return Bill(
        identifier=data["identifier"],
        session=data["session"],
        actions=tuple(
            Action(
                date=datetime.date.fromisoformat(row["date"]),
                description=row["description"],
                classification=tuple(row["classification"]),
                chamber=(row.get("organization") or {}).get("classification", ""),
            )
            for row in rows
        ),
    )


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# SB 46 (102nd): filed in the Senate, through a Senate committee, passed the Senate, then
# stalled in the House under Rule 19(a). Actions 1-9 are Senate, 10-23 House.
SB46 = "il-102nd-sb0046.json"
SB46_STEPS: list[tuple[int, Stage, datetime.date]] = [
    (1, Stage.FILED, d("2021-01-29")),  # Filed with Secretary (classified "filing")
    (2, Stage.FILED, d("2021-01-29")),  # First Reading
    (3, Stage.FILED, d("2021-01-29")),  # Referred to Assignments: a gatekeeper, not a committee
    (4, Stage.COMMITTEE, d("2021-02-09")),  # Assigned to Judiciary
    (5, Stage.COMMITTEE, d("2021-02-09")),  # Do Pass Judiciary; 008-000-000
    (6, Stage.COMMITTEE, d("2021-02-09")),  # Placed on Calendar Order of 2nd Reading
    (7, Stage.COMMITTEE, d("2021-02-09")),  # Second Reading
    # "Placed on Calendar Order of 3rd Reading" is classified reading-3 (no passage): no move.
    (8, Stage.COMMITTEE, d("2021-02-09")),
    (9, Stage.PASSED_ONE, d("2021-03-10")),  # Third Reading - Passed; 052-000-000
    # "Arrived in House" is classified "introduction": the second chamber receiving the bill
    # must not send it back to FILED.
    (10, Stage.PASSED_ONE, d("2021-03-10")),
    (11, Stage.PASSED_ONE, d("2021-03-10")),  # Chief House Sponsor
    (12, Stage.PASSED_ONE, d("2021-03-10")),  # First Reading (House)
    # Referred to Rules Committee in the second chamber: the first referral there, not a
    # re-referral, so not DEAD.
    (13, Stage.PASSED_ONE, d("2021-03-10")),
    (14, Stage.PASSED_ONE, d("2021-03-10")),  # Assigned to Judiciary - Civil Committee
    (15, Stage.PASSED_ONE, d("2021-03-10")),  # Do Pass / Consent Calendar
    (16, Stage.PASSED_ONE, d("2021-03-10")),  # Placed on Calendar 2nd Reading
    (17, Stage.PASSED_ONE, d("2021-03-10")),  # Added Alternate Co-Sponsor
    (18, Stage.PASSED_ONE, d("2021-03-10")),  # Second Reading - Consent Calendar
    (19, Stage.PASSED_ONE, d("2021-03-10")),  # Held on Calendar Order of Second Reading
    (20, Stage.PASSED_ONE, d("2021-03-10")),  # Removed from Consent Calendar Status
    (21, Stage.PASSED_ONE, d("2021-03-10")),  # Held on Calendar Order of Second Reading
    (22, Stage.PASSED_ONE, d("2021-03-10")),  # Final Action Deadline Extended-9(b)
    (23, Stage.DEAD, d("2021-06-02")),  # Rule 19(a) / Re-referred to Rules Committee
]

# SB 2232 (102nd): assigned to a Senate committee, sent back to Assignments under Rule
# 3-9(a), and later a Public Act. The actions in between are missing from the fixture.
SB2232 = "il-102nd-sb2232.json"
SB2232_STEPS: list[tuple[int, Stage, datetime.date]] = [
    (1, Stage.FILED, d("2021-02-26")),  # Filed with Secretary
    (2, Stage.FILED, d("2021-02-26")),  # First Reading
    (3, Stage.FILED, d("2021-02-26")),  # Referred to Assignments
    (4, Stage.FILED, d("2021-02-26")),  # Added as Chief Co-Sponsor: leaves the stage alone
    (5, Stage.COMMITTEE, d("2021-03-23")),  # Assigned to State Government
    (6, Stage.DEAD, d("2021-04-16")),  # Rule 3-9(a) / Re-referred to Assignments
    (7, Stage.LAW, d("2021-06-25")),  # Public Act . . . 102-0039: the later action decides
]

# SB 2129 (102nd), Public Act 102-0102: only the House vote and the Governor's actions were
# found with dates (see SOURCES.md). Step 1 (a House passage with no Senate actions before it)
# does not show on its own whether the House was the chamber of origin, so it is not checked.
SB2129 = "il-102nd-sb2129.json"
SB2129_STEPS: list[tuple[int, Stage, datetime.date]] = [
    (2, Stage.LAW, d("2021-07-15")),  # Governor Approved (actor: Senate, as ILGA files it)
    (3, Stage.LAW, d("2021-07-15")),  # Public Act . . . . . . . . . 102-0102
]


def steps() -> list[Any]:
    cases = []
    for name, table in ((SB46, SB46_STEPS), (SB2232, SB2232_STEPS), (SB2129, SB2129_STEPS)):
        bill = load(name)
        for order, stage, since in table:
            action = bill.actions[order - 1]
            cases.append(
                pytest.param(
                    name,
                    order,
                    stage,
                    since,
                    id=f"{bill.identifier} #{order} {action.description[:40]}",
                )
            )
    return cases


@pytest.mark.parametrize(("name", "order", "stage", "since"), steps())
def test_each_step_of_a_real_history(
    name: str, order: int, stage: Stage, since: datetime.date
) -> None:
    bill = load(name)
    history = bill.actions[:order]
    assert stage_of(history, session=bill.session, as_of=history[-1].date) == (stage, since)


def test_the_tables_cover_every_action_but_one_unknowable_step() -> None:
    tables = ((SB46, SB46_STEPS, []), (SB2232, SB2232_STEPS, []), (SB2129, SB2129_STEPS, [1]))
    for name, table, unchecked in tables:
        orders = sorted([order for order, _, _ in table] + unchecked)
        assert orders == list(range(1, len(load(name).actions) + 1))


def test_a_bill_left_in_rules_stays_dead_after_the_general_assembly() -> None:
    bill = load(SB46)
    # The day the source report was printed, and long after the 102nd GA ended (2023-01-11):
    # it died on the Rule 19(a) re-referral, not when the GA ended.
    for as_of in (d("2021-06-29"), d("2023-02-01"), d("2026-06-01")):
        assert stage_of(bill.actions, session="102nd", as_of=as_of) == (
            Stage.DEAD,
            d("2021-06-02"),
        )


def test_a_bill_still_in_the_second_chamber_dies_when_the_general_assembly_ends() -> None:
    bill = load(SB46)
    # Stopped before the Rule 19(a) re-referral: still PASSED_ONE on the day of action 22,
    # and dead from the day the 102nd GA ended (the 103rd convened on 2023-01-11).
    history = bill.actions[:22]
    assert stage_of(history, session="102nd", as_of=d("2023-01-10")) == (
        Stage.PASSED_ONE,
        d("2021-03-10"),
    )
    assert stage_of(history, session="102nd", as_of=d("2023-02-01")) == (
        Stage.DEAD,
        d("2023-01-11"),
    )


def test_a_bill_re_referred_to_assignments_is_still_dead_when_the_assembly_ends() -> None:
    bill = load(SB2232)
    # Stopped at the Rule 3-9(a) re-referral, as if nothing had followed.
    assert stage_of(bill.actions[:6], session="102nd", as_of=d("2023-02-01")) == (
        Stage.DEAD,
        d("2021-04-16"),
    )


@pytest.mark.parametrize("name", [SB2232, SB2129])
def test_a_public_act_stays_law_long_after_its_general_assembly(name: str) -> None:
    bill = load(name)
    expected = {SB2232: d("2021-06-25"), SB2129: d("2021-07-15")}[name]
    assert stage_of(bill.actions, session=bill.session, as_of=d("2026-06-01")) == (
        Stage.LAW,
        expected,
    )

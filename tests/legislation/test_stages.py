"""`stage_of`: each Illinois rule on synthetic histories (the texts are the General
Assembly's, the bills and dates invented), and the General Assembly's calendar."""

from __future__ import annotations

from datetime import date

import pytest

from callidarity.legislation.models import Stage
from callidarity.legislation.stages import (
    Step,
    general_assembly_end,
    general_assembly_start,
    stage_of,
)

AS_OF = date(2025, 12, 1)  # inside the 104th General Assembly


def step(on: str, text: str, *kinds: str, chamber: str = "lower") -> Step:
    return Step(
        date=date.fromisoformat(on), description=text, classification=kinds, chamber=chamber
    )


FILED = [
    step("2025-02-07", "Filed with the Clerk by Rep. Ana Example", "filing"),
    step("2025-02-10", "First Reading", "reading-1"),
    step("2025-02-10", "Referred to Rules Committee", "referral-committee"),
]
ASSIGNED = [
    *FILED,
    step("2025-02-25", "Assigned to Judiciary - Criminal Committee", "referral-committee"),
]
THROUGH_COMMITTEE = [
    *ASSIGNED,
    step(
        "2025-03-12",
        "Do Pass / Short Debate Judiciary - Criminal Committee; 010-005-000",
        "committee-passage",
    ),
    step("2025-03-13", "Placed on Calendar 2nd Reading - Short Debate"),
    step("2025-04-01", "Second Reading - Short Debate", "reading-2"),
    step("2025-04-01", "Placed on Calendar Order of 3rd Reading - Short Debate"),
]
PASSED_HOUSE = [
    *THROUGH_COMMITTEE,
    step("2025-04-08", "Third Reading - Short Debate - Passed 071-040-000", "passage", "reading-3"),
    step("2025-04-09", "Arrived in Senate", "introduction", chamber="upper"),
    step("2025-04-09", "Placed on Calendar Order of First Reading", chamber="upper"),
    step("2025-04-09", "Chief Senate Sponsor Sen. Bea Example", chamber="upper"),
    step("2025-04-09", "First Reading", "reading-1", chamber="upper"),
    step("2025-04-09", "Referred to Assignments", "referral-committee", chamber="upper"),
    step("2025-04-22", "Assigned to Criminal Law", "referral-committee", chamber="upper"),
    step("2025-05-06", "Do Pass Criminal Law; 006-003-000", "committee-passage", chamber="upper"),
]
PASSED_SENATE = [
    *PASSED_HOUSE,
    step(
        "2025-05-21", "Third Reading - Passed; 033-021-000", "passage", "reading-3", chamber="upper"
    ),
]
PASSED_BOTH = [*PASSED_SENATE, step("2025-05-21", "Passed Both Houses", chamber="lower")]
SENT = [*PASSED_BOTH, step("2025-06-19", "Sent to the Governor", "executive-receipt")]
VETOED = [*SENT, step("2025-08-15", "Governor Vetoed", "executive-veto", chamber="executive")]
AMENDATORY = [
    *SENT,
    step("2025-08-15", "Governor Amendatory Veto", "executive-veto", chamber="executive"),
    step("2025-10-15", "Placed on Calendar Amendatory Veto"),
    step("2025-10-16", "Motion Filed Accept Amendatory Veto - Rep. Ana Example"),
]

CASES = [
    # Filed, read, and sent to the gatekeepers: still only filed.
    ("no history", [], (Stage.FILED, None)),
    ("filed", FILED[:1], (Stage.FILED, date(2025, 2, 7))),
    ("first reading, Rules", FILED, (Stage.FILED, date(2025, 2, 7))),
    (
        "Senate bill referred to Assignments",
        [
            step(
                "2025-02-07", "Filed with Secretary by Sen. Bea Example", "filing", chamber="upper"
            ),
            step("2025-02-07", "Referred to Assignments", "referral-committee", chamber="upper"),
        ],
        (Stage.FILED, date(2025, 2, 7)),
    ),
    ("assigned", ASSIGNED, (Stage.COMMITTEE, date(2025, 2, 25))),
    (
        "referred to a policy committee (classification only)",
        [
            *FILED,
            step("2025-02-25", "Appropriations-Public Safety Committee", "referral-committee"),
        ],
        (Stage.COMMITTEE, date(2025, 2, 25)),
    ),
    ("do pass, second reading, calendar", THROUGH_COMMITTEE, (Stage.COMMITTEE, date(2025, 2, 25))),
    (
        "an amendment referred to Rules leaves the bill in committee",
        [
            *THROUGH_COMMITTEE,
            step(
                "2025-04-02",
                "House Floor Amendment No. 1 Filed with Clerk by Rep. Ana Example",
                "amendment-introduction",
            ),
            step(
                "2025-04-02",
                "House Floor Amendment No. 1 Referred to Rules Committee",
                "referral-committee",
            ),
            step(
                "2025-04-03",
                "House Floor Amendment No. 1 Rule 19(c) / Re-referred to Rules Committee",
                "referral-committee",
            ),
        ],
        (Stage.COMMITTEE, date(2025, 2, 25)),
    ),
    (
        "passed the House",
        PASSED_HOUSE[: len(THROUGH_COMMITTEE) + 1],
        (Stage.PASSED_ONE, date(2025, 4, 8)),
    ),
    ("Senate reads, assigns and hears it", PASSED_HOUSE, (Stage.PASSED_ONE, date(2025, 4, 8))),
    ("Senate passes it amended: still one", PASSED_SENATE, (Stage.PASSED_ONE, date(2025, 4, 8))),
    ("passed both houses", PASSED_BOTH, (Stage.PASSED_BOTH, date(2025, 5, 21))),
    (
        "the House concurs in the Senate's amendment",
        [
            *PASSED_SENATE,
            step("2025-05-22", "Placed on Calendar Order of Concurrence Senate Amendment(s) 1"),
            step(
                "2025-05-22",
                "Senate Committee Amendment No. 1 Motion to Concur Referred to Rules Committee",
                "referral-committee",
            ),
            step("2025-05-28", "Senate Committee Amendment No. 1 House Concurs 070-041-000"),
        ],
        (Stage.PASSED_BOTH, date(2025, 5, 28)),
    ),
    (
        "the House refuses to concur",
        [
            *PASSED_SENATE,
            step("2025-05-28", "Senate Committee Amendment No. 1 House Refuses to Concur"),
        ],
        (Stage.PASSED_ONE, date(2025, 4, 8)),
    ),
    (
        "approved",
        [
            *SENT,
            step("2025-08-01", "Governor Approved", "executive-signature", chamber="executive"),
        ],
        (Stage.LAW, date(2025, 8, 1)),
    ),
    (
        "a Public Act number after approval keeps the approval's date",
        [
            *SENT,
            step("2025-08-01", "Governor Approved", "executive-signature", chamber="executive"),
            step(
                "2025-08-04",
                "Public Act . . . . . . . . . 104-0001",
                "became-law",
                chamber="legislature",
            ),
            step("2025-08-04", "Effective Date January 1, 2026"),
        ],
        (Stage.LAW, date(2025, 8, 1)),
    ),
    (
        "a Public Act number alone",
        [*SENT, step("2025-08-04", "Public Act . . . . . . . . . 104-0001", chamber="legislature")],
        (Stage.LAW, date(2025, 8, 4)),
    ),
    ("vetoed", VETOED, (Stage.VETOED, date(2025, 8, 15))),
    (
        "veto overridden by the House only",
        [
            *VETOED,
            step(
                "2025-10-22",
                "Override Governor Veto - House Passed 3/5 Vote Required 073-036-000",
                "veto-override-passage",
            ),
        ],
        (Stage.VETOED, date(2025, 8, 15)),
    ),
    (
        "veto overridden by both chambers",
        [
            *VETOED,
            step(
                "2025-10-22",
                "Override Governor Veto - House Passed 3/5 Vote Required 073-036-000",
                "veto-override-passage",
            ),
            step(
                "2025-11-05",
                "3/5 Vote Required Override Governor Veto - Senate Passed 040-013-000",
                "veto-override-passage",
                chamber="upper",
            ),
        ],
        (Stage.LAW, date(2025, 11, 5)),
    ),
    (
        "override by classification and chamber",
        [
            *VETOED,
            step("2025-10-22", "Veto overridden", "veto-override-passage", chamber="lower"),
            step("2025-11-05", "Veto overridden", "veto-override-passage", chamber="upper"),
        ],
        (Stage.LAW, date(2025, 11, 5)),
    ),
    (
        # A record that shows only the summary line, or votes without a chamber.
        "both houses override, as the General Assembly sums it up",
        [
            *VETOED,
            step("2025-10-22", "3/5 Vote Required", "veto-override-passage", chamber=""),
            step("2025-11-05", "Both Houses Override Total Veto", chamber=""),
        ],
        (Stage.LAW, date(2025, 11, 5)),
    ),
    (
        "total veto stands",
        [*VETOED, step("2025-11-20", "Total Veto Stands - No Positive Action Taken")],
        (Stage.VETOED, date(2025, 8, 15)),
    ),
    ("amendatory veto", AMENDATORY, (Stage.AMENDATORY_VETO, date(2025, 8, 15))),
    (
        "amendatory veto accepted by both chambers, not yet certified",
        [
            *AMENDATORY,
            step(
                "2025-10-22",
                "Accept Amendatory Veto - House Passed 112-000-000",
                "veto-override-passage",
            ),
            step(
                "2025-11-05",
                "Accept Amendatory Veto - Senate Passed 055-000-000",
                "veto-override-passage",
                chamber="upper",
            ),
        ],
        (Stage.AMENDATORY_VETO, date(2025, 8, 15)),
    ),
    (
        "amendatory veto accepted and certified",
        [
            *AMENDATORY,
            step("2025-10-22", "Accept Amendatory Veto - House Passed 112-000-000"),
            step(
                "2025-11-05", "Accept Amendatory Veto - Senate Passed 055-000-000", chamber="upper"
            ),
            step("2025-11-20", "Governor Certifies Changes", chamber="executive"),
        ],
        (Stage.LAW, date(2025, 11, 20)),
    ),
    (
        "amendatory veto dies",
        [*AMENDATORY, step("2025-11-20", "Bill Dead - No Positive Action Taken - Amendatory Veto")],
        (Stage.DEAD, date(2025, 11, 20)),
    ),
    (
        "no further action after an amendatory veto",
        [*AMENDATORY, step("2025-11-20", "No Further Action")],
        (Stage.DEAD, date(2025, 11, 20)),
    ),
    (
        "stalled: re-referred to Rules by Rule 19(a)",
        [
            *ASSIGNED,
            step("2025-03-21", "Rule 19(a) / Re-referred to Rules Committee", "referral-committee"),
        ],
        (Stage.DEAD, date(2025, 3, 21)),
    ),
    (
        "stalled after second reading",
        [*THROUGH_COMMITTEE, step("2025-04-11", "Rule 19(a) / Re-referred to Rules Committee")],
        (Stage.DEAD, date(2025, 4, 11)),
    ),
    (
        "stalled in the second chamber: Rule 3-9(a)",
        [
            *PASSED_HOUSE,
            step("2025-05-09", "Rule 3-9(a) / Re-referred to Assignments", chamber="upper"),
        ],
        (Stage.DEAD, date(2025, 5, 9)),
    ),
    (
        "re-referred to Rules, then assigned again",
        [
            *ASSIGNED,
            step("2025-03-21", "Rule 19(a) / Re-referred to Rules Committee", "referral-committee"),
            step("2025-04-02", "Assigned to Executive Committee", "referral-committee"),
        ],
        (Stage.COMMITTEE, date(2025, 4, 2)),
    ),
    (
        "re-referred in the Senate, approved for consideration, passed",
        [
            *PASSED_HOUSE,
            step("2025-05-09", "Rule 3-9(a) / Re-referred to Assignments", chamber="upper"),
            step("2025-05-20", "Approved for Consideration Assignments", chamber="upper"),
            step(
                "2025-05-20",
                "Placed on Calendar Order of 3rd Reading May 21, 2025",
                chamber="upper",
            ),
            step("2025-05-21", "Third Reading - Passed; 033-021-000", "passage", chamber="upper"),
            step("2025-05-21", "Passed Both Houses"),
        ],
        (Stage.PASSED_BOTH, date(2025, 5, 21)),
    ),
    (
        "re-referred, then only a co-sponsor added: still dead",
        [
            *ASSIGNED,
            step("2025-03-21", "Rule 19(a) / Re-referred to Rules Committee"),
            step("2025-04-02", "Added Co-Sponsor Rep. Carla Example"),
        ],
        (Stage.DEAD, date(2025, 3, 21)),
    ),
    (
        "unknown actions change nothing",
        [
            *ASSIGNED,
            step("2025-03-01", "Added Co-Sponsor Rep. Carla Example"),
            step("2025-03-02", "Something new"),
        ],
        (Stage.COMMITTEE, date(2025, 2, 25)),
    ),
    (
        "texts match whatever their case",
        [
            step("2025-02-07", "FILED WITH THE CLERK BY REP. ANA EXAMPLE"),
            step("2025-02-25", "assigned to  judiciary - criminal committee"),
            step("2025-04-08", "THIRD READING - SHORT DEBATE - PASSED 071-040-000"),
        ],
        (Stage.PASSED_ONE, date(2025, 4, 8)),
    ),
    (
        "actions after the day asked about are not yet history",
        [
            *ASSIGNED,
            step("2025-12-02", "Third Reading - Short Debate - Passed 071-040-000", "passage"),
        ],
        (Stage.COMMITTEE, date(2025, 2, 25)),
    ),
]


@pytest.mark.parametrize(("history", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_stage_of(history: list[Step], expected: tuple[Stage, date | None]) -> None:
    assert stage_of(history, session="104th", as_of=AS_OF) == expected


SENT_ON = date(2025, 6, 19)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 8, 17), (Stage.GOVERNOR, SENT_ON)),  # day 59
        (date(2025, 8, 18), (Stage.GOVERNOR, SENT_ON)),  # day 60: the Governor can still act
        (date(2025, 8, 19), (Stage.LAW, date(2025, 8, 19))),  # day 61: law without a signature
        (date(2026, 3, 1), (Stage.LAW, date(2025, 8, 19))),
    ],
)
def test_sixty_days_without_the_governor_makes_it_law(
    as_of: date, expected: tuple[Stage, date]
) -> None:
    assert stage_of(SENT, session="104th", as_of=as_of) == expected


def test_the_governor_acting_within_sixty_days_decides() -> None:
    assert stage_of(VETOED, session="104th", as_of=date(2026, 3, 1)) == (
        Stage.VETOED,
        date(2025, 8, 15),
    )


def test_the_governor_vetoing_on_the_sixtieth_day_was_never_law() -> None:
    # Governors often act on the last day; the bill must not be announced as law first.
    on_the_last_day = [*SENT, step("2025-08-18", "Governor Vetoed", "executive-veto")]

    assert stage_of(SENT, session="104th", as_of=date(2025, 8, 18))[0] == Stage.GOVERNOR
    assert stage_of(on_the_last_day, session="104th", as_of=date(2025, 8, 18)) == (
        Stage.VETOED,
        date(2025, 8, 18),
    )


@pytest.mark.parametrize(
    ("history", "as_of", "expected"),
    [
        (ASSIGNED, date(2027, 1, 12), (Stage.COMMITTEE, date(2025, 2, 25))),  # the day before
        (ASSIGNED, date(2027, 1, 13), (Stage.DEAD, date(2027, 1, 13))),  # the 105th convenes
        (PASSED_SENATE, date(2027, 6, 1), (Stage.DEAD, date(2027, 1, 13))),  # no concurrence
        (FILED, date(2030, 1, 1), (Stage.DEAD, date(2027, 1, 13))),
        # Passed both houses: no longer pending, it goes to the Governor within 30 days.
        (PASSED_BOTH, date(2027, 1, 20), (Stage.PASSED_BOTH, date(2025, 5, 21))),
        # Already with the Governor: the session's end does not kill it.
        (VETOED, date(2027, 6, 1), (Stage.VETOED, date(2025, 8, 15))),
        (AMENDATORY, date(2027, 1, 12), (Stage.AMENDATORY_VETO, date(2025, 8, 15))),
        # An amendatory veto never accepted nor overridden dies with the General Assembly.
        (AMENDATORY, date(2027, 6, 1), (Stage.DEAD, date(2027, 1, 13))),
        # Stalled before the end: dead since the re-referral.
        (
            [*ASSIGNED, step("2025-03-21", "Rule 19(a) / Re-referred to Rules Committee")],
            date(2027, 6, 1),
            (Stage.DEAD, date(2025, 3, 21)),
        ),
    ],
)
def test_the_general_assembly_ending_kills_bills_not_yet_with_the_governor(
    history: list[Step], as_of: date, expected: tuple[Stage, date]
) -> None:
    assert stage_of(history, session="104th", as_of=as_of) == expected


def test_passed_in_the_lame_duck_days_is_sent_after_the_end_and_becomes_law() -> None:
    # The 102nd General Assembly ended 2023-01-11; bills it passed days before were sent
    # to the Governor weeks later, and signed.
    history = [
        *PASSED_BOTH[:-1],
        step("2027-01-10", "Passed Both Houses"),
        step("2027-02-08", "Sent to the Governor", "executive-receipt"),
        step("2027-03-01", "Governor Approved", "executive-signature"),
    ]

    assert stage_of(history, session="104th", as_of=date(2027, 1, 20)) == (
        Stage.PASSED_BOTH,
        date(2027, 1, 10),
    )
    assert stage_of(history, session="104th", as_of=date(2027, 2, 10)) == (
        Stage.GOVERNOR,
        date(2027, 2, 8),
    )
    assert stage_of(history, session="104th", as_of=date(2027, 3, 2)) == (
        Stage.LAW,
        date(2027, 3, 1),
    )


def test_sent_to_the_governor_just_before_the_end_becomes_law_after_it() -> None:
    history = [
        *PASSED_BOTH[:-1],
        step("2026-12-20", "Passed Both Houses"),
        step("2027-01-05", "Sent to the Governor"),
    ]

    assert stage_of(history, session="104th", as_of=date(2027, 1, 20)) == (
        Stage.GOVERNOR,
        date(2027, 1, 5),
    )
    assert stage_of(history, session="104th", as_of=date(2027, 3, 6))[0] == Stage.GOVERNOR
    assert stage_of(history, session="104th", as_of=date(2027, 3, 7)) == (
        Stage.LAW,
        date(2027, 3, 7),
    )


@pytest.mark.parametrize(
    ("session", "start", "end"),
    [
        ("102nd", date(2021, 1, 13), date(2023, 1, 11)),
        ("103rd", date(2023, 1, 11), date(2025, 1, 8)),
        ("104th", date(2025, 1, 8), date(2027, 1, 13)),
    ],
)
def test_the_general_assembly_calendar(session: str, start: date, end: date) -> None:
    assert general_assembly_start(session) == start
    assert general_assembly_end(session) == end


def test_a_session_that_is_not_a_general_assembly_is_refused() -> None:
    with pytest.raises(ValueError, match="General Assembly"):
        general_assembly_end("spring")

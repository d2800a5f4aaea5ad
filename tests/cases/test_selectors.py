"""Deadlines are computed from the hearing session and the day a petition was found
incomplete, never typed: 75 days before the session, 90 days after being found incomplete."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from callidarity.cases import selectors, services
from callidarity.cases.models import Case, Hearing
from callidarity.cases.selectors import Deadline, DeadlineKind

from .conftest import TODAY

pytestmark = pytest.mark.django_db

SESSION = datetime.date(2027, 3, 18)  # a quarterly session of the Board


def _session(
    case: Case, on: datetime.date = SESSION, kind: str = Hearing.Kind.BOARD_SESSION
) -> None:
    Hearing.objects.create(case=case, kind=kind, held_on=on)


def test_the_filing_deadline_is_75_days_before_the_session(clemency: Case) -> None:
    _session(clemency, datetime.date(2026, 9, 10))  # a past session no longer counts
    _session(clemency)
    _session(clemency, datetime.date(2027, 6, 17))
    assert selectors.filing_deadline(clemency, today=TODAY) == datetime.date(2027, 1, 2)
    assert selectors.list_deadlines(clemency, today=TODAY) == [
        Deadline(DeadlineKind.FILING, datetime.date(2027, 1, 2), 32),
        Deadline(DeadlineKind.HEARING, SESSION, 107),
        Deadline(DeadlineKind.HEARING, datetime.date(2027, 6, 17), 198),
    ]


def test_a_passed_filing_deadline_shows_as_passed(clemency: Case) -> None:
    _session(clemency, datetime.date(2027, 1, 14))  # 75 days before: 2026-10-31
    [filing, _hearing] = selectors.list_deadlines(clemency, today=TODAY)
    assert (filing.kind, filing.days_left, filing.is_past) == (DeadlineKind.FILING, -31, True)


def test_a_court_date_sets_no_filing_deadline(clemency: Case) -> None:
    _session(clemency, kind=Hearing.Kind.COURT)
    assert selectors.filing_deadline(clemency, today=TODAY) is None


def test_an_incomplete_petition_must_be_complete_90_days_after(clemency: Case, carla: User) -> None:
    services.move_case(clemency, Case.Stage.FILED, by=carla, on=datetime.date(2026, 10, 2))
    services.move_case(clemency, Case.Stage.INCOMPLETE, by=carla, on=datetime.date(2026, 11, 1))
    assert selectors.complete_by(clemency) == datetime.date(2027, 1, 30)
    assert selectors.list_deadlines(clemency, today=TODAY) == [
        Deadline(DeadlineKind.COMPLETE_BY, datetime.date(2027, 1, 30), 60)
    ]


def test_a_docketed_petition_has_met_its_filing_deadline(clemency: Case, carla: User) -> None:
    _session(clemency)
    services.move_case(clemency, Case.Stage.FILED, by=carla, on=datetime.date(2026, 10, 2))
    services.move_case(clemency, Case.Stage.DOCKETED, by=carla, on=datetime.date(2026, 11, 1))
    assert selectors.filing_deadline(clemency, today=TODAY) == datetime.date(2027, 1, 2)
    assert [d.kind for d in selectors.list_deadlines(clemency, today=TODAY)] == [
        DeadlineKind.HEARING
    ]


def test_other_kinds_have_no_filing_deadline_and_closed_cases_none(carla: User) -> None:
    motion = services.create_case(kind=Case.Kind.RESENTENCING, person_name="Ana", by=carla)
    _session(motion, kind=Hearing.Kind.COURT)
    _session(motion)
    assert [d.kind for d in selectors.list_deadlines(motion, today=TODAY)] == [
        DeadlineKind.HEARING, DeadlineKind.HEARING,
    ]  # fmt: skip
    services.move_case(motion, Case.Stage.WITHDRAWN, by=carla)
    assert selectors.list_deadlines(motion, today=TODAY) == []

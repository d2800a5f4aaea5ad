"""The road a case moves along: one table of allowed moves per kind, each move recorded
and audited, and every other move refused with a message that says what is allowed."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from callidarity.accounts.models import AuditEvent
from callidarity.cases import services
from callidarity.cases.exceptions import CaseError, MoveNotAllowed
from callidarity.cases.models import Case, StageChange

S = Case.Stage
pytestmark = pytest.mark.django_db

# Every allowed move of a clemency petition: the table the service must hold, no more.
CLEMENCY_ROAD = {
    S.DRAFTING: {S.FILED, S.WITHDRAWN},
    S.FILED: {S.INCOMPLETE, S.DOCKETED, S.WITHDRAWN},
    S.INCOMPLETE: {S.FILED, S.DISCARDED, S.WITHDRAWN},
    S.DOCKETED: {S.HEARING_HELD, S.WITHDRAWN},
    S.HEARING_HELD: {S.RECOMMENDATION_SENT, S.WITHDRAWN},
    S.RECOMMENDATION_SENT: {S.GRANTED, S.DENIED, S.WITHDRAWN},
}
OTHER_ROAD = {
    S.PREPARING: {S.FILED, S.WITHDRAWN},
    S.FILED: {S.HEARING_SCHEDULED, S.GRANTED, S.DENIED, S.WITHDRAWN},
    S.HEARING_SCHEDULED: {S.FILED, S.GRANTED, S.DENIED, S.WITHDRAWN},
}


def test_the_table_is_the_clemency_road_of_the_board() -> None:
    assert {k: set(v) for k, v in services.MOVES[Case.Kind.CLEMENCY].items()} == CLEMENCY_ROAD
    for kind in (Case.Kind.RESENTENCING, Case.Kind.PAROLE, Case.Kind.OTHER):
        assert {k: set(v) for k, v in services.MOVES[kind].items()} == OTHER_ROAD


def test_each_kind_lists_its_stages_in_road_order() -> None:
    assert services.stages_for(Case.Kind.CLEMENCY) == [
        "drafting", "filed", "incomplete", "discarded", "docketed", "hearing_held",
        "recommendation_sent", "granted", "denied", "withdrawn",
    ]  # fmt: skip
    assert services.stages_for(Case.Kind.PAROLE) == [
        "preparing", "filed", "hearing_scheduled", "granted", "denied", "withdrawn",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", [Case.Kind.CLEMENCY, Case.Kind.RESENTENCING])
def test_every_pair_of_stages_is_allowed_exactly_as_the_table_says(kind: str) -> None:
    road = CLEMENCY_ROAD if kind == Case.Kind.CLEMENCY else OTHER_ROAD
    for from_stage in services.stages_for(kind):
        for to_stage in services.stages_for(kind):
            case = Case(kind=kind, stage=from_stage)
            allowed = to_stage in road.get(from_stage, set())
            if allowed:
                services.check_move(case, to_stage)
            else:
                with pytest.raises(MoveNotAllowed):
                    services.check_move(case, to_stage)


def test_a_petition_walks_the_whole_road_with_each_move_recorded(
    clemency: Case, carla: User
) -> None:
    road = [
        (S.FILED, datetime.date(2026, 10, 5)),
        (S.INCOMPLETE, datetime.date(2026, 10, 20)),
        (S.FILED, datetime.date(2026, 11, 2)),
        (S.DOCKETED, datetime.date(2026, 11, 10)),
        (S.HEARING_HELD, datetime.date(2026, 11, 20)),
        (S.RECOMMENDATION_SENT, datetime.date(2026, 11, 25)),
        (S.GRANTED, datetime.date(2026, 11, 30)),
    ]
    for stage, on in road:
        services.move_case(clemency, stage, by=carla, on=on)
        assert clemency.stage == stage
    clemency.refresh_from_db()
    assert clemency.stage == S.GRANTED
    assert clemency.filed_on == datetime.date(2026, 10, 5)  # the first filing
    assert clemency.incomplete_on is None  # completed since
    assert clemency.decided_on == datetime.date(2026, 11, 30)
    history = list(
        StageChange.objects.filter(case=clemency).values_list("from_stage", "to_stage", "moved_on")
    )
    assert history == [("", S.DRAFTING, datetime.date(2026, 10, 1))] + [
        (prev, stage, on)
        for prev, (stage, on) in zip([S.DRAFTING, *[s for s, _ in road[:-1]]], road, strict=True)
    ]
    assert set(StageChange.objects.filter(case=clemency).values_list("by", flat=True)) == {carla.pk}
    moved = AuditEvent.objects.filter(action="cases.case.moved", object_id=str(clemency.pk))
    assert moved.count() == len(road)
    assert all(e.actor_id == carla.pk for e in moved)


def test_being_found_incomplete_starts_the_90_day_clock(clemency: Case, carla: User) -> None:
    services.move_case(clemency, S.FILED, by=carla, on=datetime.date(2026, 10, 5))
    services.move_case(clemency, S.INCOMPLETE, by=carla, on=datetime.date(2026, 10, 20))
    clemency.refresh_from_db()
    assert clemency.incomplete_on == datetime.date(2026, 10, 20)
    services.move_case(clemency, S.DISCARDED, by=carla, on=datetime.date(2026, 11, 28))
    clemency.refresh_from_db()
    assert (clemency.stage, clemency.incomplete_on) == (S.DISCARDED, None)


def test_a_move_the_road_does_not_allow_is_refused_and_nothing_is_written(
    clemency: Case, carla: User
) -> None:
    with pytest.raises(MoveNotAllowed) as refused:
        services.move_case(clemency, S.DOCKETED, by=carla)
    assert str(refused.value) == (
        "Clemency petition: a case cannot move from “Drafting” to “Docketed”. From "
        "“Drafting” it can move to “Filed”, “Withdrawn”."
    )
    clemency.refresh_from_db()
    assert clemency.stage == S.DRAFTING
    assert StageChange.objects.filter(case=clemency).count() == 1
    assert not AuditEvent.objects.filter(action="cases.case.moved").exists()


def test_a_stage_of_another_kind_is_refused(member: object, carla: User) -> None:
    motion = services.create_case(kind=Case.Kind.RESENTENCING, person_name="Ana", by=carla)
    assert motion.stage == S.PREPARING
    with pytest.raises(MoveNotAllowed):
        services.move_case(motion, S.DOCKETED, by=carla)


def test_a_final_stage_moves_nowhere(clemency: Case, carla: User) -> None:
    services.move_case(clemency, S.WITHDRAWN, by=carla)
    assert services.allowed_moves(clemency) == []
    with pytest.raises(MoveNotAllowed, match="is final"):
        services.move_case(clemency, S.FILED, by=carla)


def test_withdrawn_is_allowed_from_every_open_stage(carla: User) -> None:
    for stage in CLEMENCY_ROAD:
        case = Case(kind=Case.Kind.CLEMENCY, stage=stage)
        assert S.WITHDRAWN in services.allowed_moves(case)


def test_a_move_dated_in_the_future_or_before_the_last_one_is_refused(
    clemency: Case, carla: User
) -> None:
    with pytest.raises(CaseError, match="future"):
        services.move_case(clemency, S.FILED, by=carla, on=datetime.date(2999, 1, 1))
    with pytest.raises(CaseError, match="cannot be earlier"):
        services.move_case(clemency, S.FILED, by=carla, on=datetime.date(2026, 9, 1))
    clemency.refresh_from_db()
    assert clemency.stage == S.DRAFTING
    assert StageChange.objects.filter(case=clemency).count() == 1

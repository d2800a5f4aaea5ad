"""Opening and editing cases: a person (a member or a name), an owner who can act on it,
a short status note, the first stage recorded, and every change audited by field name."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection

from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.aid.models import Member
from callidarity.cases import services
from callidarity.cases.exceptions import CaseError
from callidarity.cases.models import Case, Hearing, StageChange
from tests.accounts.staff import make_staff

from .conftest import CANARY_NOTE

pytestmark = pytest.mark.django_db


def test_a_case_opens_in_its_kinds_first_stage_recorded_and_audited(
    clemency: Case, carla: User
) -> None:
    assert clemency.stage == Case.Stage.DRAFTING
    first = StageChange.objects.get(case=clemency)
    assert (first.from_stage, first.to_stage, first.moved_on, first.by) == (
        "", "drafting", datetime.date(2026, 10, 1), carla,
    )  # fmt: skip
    event = AuditEvent.objects.get(action="cases.case.created")
    assert (event.actor, event.object_id) == (carla, str(clemency.pk))
    for kind in (Case.Kind.RESENTENCING, Case.Kind.PAROLE, Case.Kind.OTHER):
        other = services.create_case(kind=kind, person_name="Rosa", by=carla)
        assert other.stage == Case.Stage.PREPARING


def test_the_name_and_status_note_are_encrypted_at_rest(clemency: Case, carla: User) -> None:
    by_name = services.create_case(kind=Case.Kind.PAROLE, person_name="Canaryname Zorzal", by=carla)
    with connection.cursor() as cursor:
        cursor.execute("SELECT status_note, person_name FROM cases_case")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert CANARY_NOTE not in stored
    assert "Canaryname" not in stored
    # Read back through the model, they are the plain text again.
    assert Case.objects.get(pk=clemency.pk).status_note == CANARY_NOTE
    assert Case.objects.get(pk=by_name.pk).person_name == "Canaryname Zorzal"


def test_a_case_needs_a_person_and_only_one(member: Member, carla: User) -> None:
    with pytest.raises(CaseError, match="Choose a member, or give the name"):
        services.create_case(kind=Case.Kind.CLEMENCY, by=carla)
    with pytest.raises(CaseError, match="not both"):
        services.create_case(kind=Case.Kind.CLEMENCY, member=member, person_name="Ana", by=carla)
    assert Case.objects.count() == 0
    assert StageChange.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TREASURER, Role.MODERATOR])
def test_the_owner_must_be_a_caseworker_or_organizer(role: Role, carla: User) -> None:
    other = make_staff(f"someone-{role}", roles=[role])
    with pytest.raises(CaseError, match="caseworker or an organizer"):
        services.create_case(kind=Case.Kind.CLEMENCY, person_name="Ana", owner=other, by=carla)
    assert Case.objects.count() == 0
    organizer = make_staff("olga", roles=[Role.ORGANIZER])
    case = services.create_case(
        kind=Case.Kind.CLEMENCY, person_name="Ana", owner=organizer, by=carla
    )
    assert case.owner == organizer


def test_a_long_status_note_is_refused(carla: User) -> None:
    with pytest.raises(CaseError, match="280"):
        services.create_case(
            kind=Case.Kind.CLEMENCY, person_name="Ana", status_note="x" * 281, by=carla
        )
    assert Case.objects.count() == 0


def test_an_edit_is_audited_by_field_name_and_the_kind_cannot_change(
    clemency: Case, carla: User
) -> None:
    clemency.next_step = "Call the clinic"
    services.save_case(case=clemency, changed=["next_step"], by=carla)
    event = AuditEvent.objects.get(action="cases.case.changed")
    assert event.fields == ["next_step"]
    clemency.kind = Case.Kind.PAROLE
    with pytest.raises(CaseError, match="kind cannot change"):
        services.save_case(case=clemency, changed=["kind"], by=carla)
    assert Case.objects.get(pk=clemency.pk).kind == Case.Kind.CLEMENCY


def test_hearings_are_saved_and_deleted_with_an_audit_row(clemency: Case, carla: User) -> None:
    hearing = Hearing(case=clemency, held_on=datetime.date(2027, 4, 8), place="Springfield")
    services.save_hearing(hearing=hearing, changed=["held_on", "place"], by=carla)
    services.delete_hearing(hearing=Hearing.objects.get(), by=carla)
    assert Hearing.objects.count() == 0
    actions = list(
        AuditEvent.objects.filter(object_type="cases.hearing").values_list("action", flat=True)
    )
    assert sorted(actions) == ["cases.hearing.created", "cases.hearing.deleted"]

"""Opening and editing cases and their hearings (in the admin), each change audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import models
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.accounts.selectors import role_allows
from callidarity.accounts.services import record_audit_event
from callidarity.aid.models import Member

from ..exceptions import CaseError
from ..models import Case, Hearing, StageChange
from ._actors import Actor, staff_user
from .stages import FIRST_STAGE

CAPABILITY = "cases"
# What the admin's case form edits. An update writes these alone: the stage and its dates
# belong to move_case, and an object read before someone else's move must not undo it.
EDITABLE_FIELDS = (
    "member", "person_name", "owner", "next_step", "next_step_due_on", "status_note",
    "opened_on",
)  # fmt: skip


def check_owner(owner: User | None) -> None:
    """Refuse an owner who cannot open cases (not active staff, or neither caseworker nor
    organizer): the reminders would go to someone who cannot act on them."""
    if owner is None:
        return
    if not role_allows(owner, CAPABILITY):
        raise CaseError(_("The owner must be a caseworker or an organizer."))


def _check_person(case: Case) -> None:
    if case.member_id is None and not case.person_name.strip():
        raise CaseError(_("Choose a member, or give the name of the person the case is for."))
    if case.member_id is not None and case.person_name.strip():
        raise CaseError(_("Choose a member or give a name, not both."))


@db_transaction.atomic
def create_case(
    *,
    kind: str,
    by: Actor,
    member: Member | None = None,
    person_name: str = "",
    owner: User | None = None,
    next_step: str = "",
    next_step_due_on: datetime.date | None = None,
    status_note: str = "",
    opened_on: datetime.date | None = None,
) -> Case:
    """Open a case in its kind's first stage, with that first stage recorded."""
    case = Case(
        kind=kind,
        member=member,
        person_name=person_name.strip(),
        owner=owner,
        next_step=next_step,
        next_step_due_on=next_step_due_on,
        status_note=status_note,
        opened_on=opened_on or timezone.localdate(),
    )
    return save_case(case=case, changed=[], by=by)


@db_transaction.atomic
def save_case(*, case: Case, changed: Iterable[str], by: Actor) -> Case:
    """Create or update a case from the admin; its stage moves only through move_case."""
    changed = list(changed)
    creating = case.pk is None
    if case.kind not in FIRST_STAGE:
        raise CaseError(_("Choose what kind of case this is."))
    if not creating and "kind" in changed:
        raise CaseError(_("A case's kind cannot change once it is open; open a new case."))
    case.person_name = case.person_name.strip()
    _check_person(case)
    check_owner(case.owner)
    if len(case.status_note) > Case._meta.get_field("status_note").max_length:  # type: ignore[operator]
        raise CaseError(_("Keep the status note short (280 characters at most)."))
    if creating:
        case.stage = FIRST_STAGE[case.kind]
        case.save()
    else:
        case.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
    if creating:
        StageChange.objects.create(
            case=case, from_stage="", to_stage=case.stage, moved_on=case.opened_on,
            by=staff_user(by),
        )  # fmt: skip
    record_audit_event(
        actor=staff_user(by),
        action="cases.case.created" if creating else "cases.case.changed",
        obj=case,
        fields=changed,
    )
    return case


@db_transaction.atomic
def save_hearing(*, hearing: Hearing, changed: Iterable[str], by: Actor) -> Hearing:
    """Create or update a hearing of a case (the Board's session a petition is aimed at)."""
    creating = hearing.pk is None
    hearing.save()
    record_audit_event(
        actor=staff_user(by),
        action="cases.hearing.created" if creating else "cases.hearing.changed",
        obj=hearing,
        fields=list(changed),
    )
    return hearing


@db_transaction.atomic
def delete_hearing(*, hearing: Hearing, by: Actor) -> None:
    """Remove a hearing entered by mistake (or taken off the calendar), audited."""
    record_audit_event(actor=staff_user(by), action="cases.hearing.deleted", obj=hearing)
    hearing.delete()


def record_views(*, objects: Iterable[models.Model], by: Actor, fields: Iterable[str]) -> None:
    """Record that staff saw these records' fields (a page that shows them)."""
    names = list(fields)
    for obj in objects:
        kind = obj._meta.model_name
        record_audit_event(
            actor=staff_user(by), action=f"cases.{kind}.viewed", obj=obj, fields=names
        )

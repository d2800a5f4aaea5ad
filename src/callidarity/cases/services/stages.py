"""The stages a case moves through, the one table of the moves allowed, and `move_case`.

Clemency (the road of a petition to the Illinois Prisoner Review Board):

    drafting → filed ⇄ incomplete → discarded
               filed → docketed → hearing held → recommendation sent → granted | denied

A filed petition the Board finds incomplete goes back to "filed" once completed; if it is
not completed within 90 days of being found incomplete, the Board discards it. Nothing
moves by itself: the owner is reminded of the 90 days, and records what the Board did.

Motions to vacate or resentencing, parole and other cases keep a simpler road, because
courts and the Board's parole docket differ too much to model step by step:

    preparing → filed → hearing scheduled → granted | denied
                filed → granted | denied          (decided without a hearing)
                hearing scheduled → filed         (the hearing was taken off the calendar)

Every kind may be withdrawn from any stage that is not final. Granted, denied, discarded
and withdrawn are final: a new petition is a new case. Each move is one `StageChange` row
(from, to, the day it happened, who recorded it) and one audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import MappingProxyType

from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.accounts.services import record_audit_event

from ..exceptions import CaseError, MoveNotAllowed
from ..models import FINAL_STAGES, Case, StageChange
from ._actors import Actor, staff_user

Stage = Case.Stage
Kind = Case.Kind

FINAL = FINAL_STAGES

_CLEMENCY: dict[str, frozenset[str]] = {
    Stage.DRAFTING: frozenset({Stage.FILED}),
    Stage.FILED: frozenset({Stage.INCOMPLETE, Stage.DOCKETED}),
    Stage.INCOMPLETE: frozenset({Stage.FILED, Stage.DISCARDED}),
    Stage.DOCKETED: frozenset({Stage.HEARING_HELD}),
    Stage.HEARING_HELD: frozenset({Stage.RECOMMENDATION_SENT}),
    Stage.RECOMMENDATION_SENT: frozenset({Stage.GRANTED, Stage.DENIED}),
}
_OTHER: dict[str, frozenset[str]] = {
    Stage.PREPARING: frozenset({Stage.FILED}),
    Stage.FILED: frozenset({Stage.HEARING_SCHEDULED, Stage.GRANTED, Stage.DENIED}),
    Stage.HEARING_SCHEDULED: frozenset({Stage.FILED, Stage.GRANTED, Stage.DENIED}),
}


def _with_withdrawal(moves: dict[str, frozenset[str]]) -> Mapping[str, frozenset[str]]:
    table = {stage: targets | {Stage.WITHDRAWN} for stage, targets in moves.items()}
    return MappingProxyType(table)


# kind -> stage -> the stages it may move to. A stage missing from a kind's table is final.
MOVES: Mapping[str, Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        Kind.CLEMENCY: _with_withdrawal(_CLEMENCY),
        Kind.RESENTENCING: _with_withdrawal(_OTHER),
        Kind.PAROLE: _with_withdrawal(_OTHER),
        Kind.OTHER: _with_withdrawal(_OTHER),
    }
)
FIRST_STAGE: Mapping[str, str] = MappingProxyType(
    {
        Kind.CLEMENCY: Stage.DRAFTING,
        Kind.RESENTENCING: Stage.PREPARING,
        Kind.PAROLE: Stage.PREPARING,
        Kind.OTHER: Stage.PREPARING,
    }
)


def stages_for(kind: str) -> list[str]:
    """Return every stage a case of this kind can be in, in road order."""
    table = MOVES[kind]
    seen: list[str] = [FIRST_STAGE[kind]]
    for stage in Stage.values:
        if stage != seen[0] and (
            stage in table or any(stage in targets for targets in table.values())
        ):
            seen.append(stage)
    return seen


def allowed_moves(case: Case) -> list[str]:
    """Return the stages this case may move to now, in road order (none once final)."""
    targets = MOVES[case.kind].get(case.stage, frozenset())
    return [stage for stage in Stage.values if stage in targets]


def _label(stage: str) -> str:
    return str(Stage(stage).label)


def check_move(case: Case, to_stage: str) -> None:
    """Raise MoveNotAllowed, with what is allowed instead, unless the move is in the table."""
    if to_stage in MOVES[case.kind].get(case.stage, frozenset()):
        return
    values = {"kind": str(Kind(case.kind).label), "from": _label(case.stage)}
    if to_stage not in Stage.values:
        raise MoveNotAllowed(_("There is no stage %(to)r.") % {"to": to_stage})
    values["to"] = _label(to_stage)
    allowed = allowed_moves(case)
    if not allowed:
        raise MoveNotAllowed(
            _("%(kind)s: “%(from)s” is final; the case cannot move to “%(to)s”.") % values
        )
    values["allowed"] = ", ".join(f"“{_label(s)}”" for s in allowed)
    raise MoveNotAllowed(
        _("%(kind)s: a case cannot move from “%(from)s” to “%(to)s”. From “%(from)s” it can "
          "move to %(allowed)s.") % values
    )  # fmt: skip


def last_move_on(case: Case) -> datetime.date | None:
    """Return the day the case last moved (or was opened), if it has any move recorded."""
    last = case.stage_changes.order_by("-moved_on").values_list("moved_on", flat=True).first()
    return last


@db_transaction.atomic
def move_case(
    case: Case, to_stage: str, *, by: Actor, on: datetime.date | None = None
) -> StageChange:
    """Move the case to `to_stage` as of `on` (today by default), recorded and audited.

    Raises MoveNotAllowed for a move the table does not allow, and CaseError for a date in
    the future or before the case's last move.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    on = on or timezone.localdate()
    check_move(locked, to_stage)
    if on > timezone.localdate():
        raise CaseError(_("A move is recorded once it has happened: the date is in the future."))
    last = last_move_on(locked)
    if last is not None and on < last:
        raise CaseError(
            _("The case last moved on %(date)s; this move cannot be earlier.")
            % {"date": last.isoformat()}
        )
    from_stage = locked.stage
    locked.stage = to_stage
    fields = ["stage"]
    if to_stage == Stage.FILED and locked.filed_on is None:
        locked.filed_on = on
        fields.append("filed_on")
    if to_stage == Stage.INCOMPLETE:
        locked.incomplete_on = on
        fields.append("incomplete_on")
    elif from_stage == Stage.INCOMPLETE:
        locked.incomplete_on = None
        fields.append("incomplete_on")
    if to_stage in (Stage.GRANTED, Stage.DENIED):
        locked.decided_on = on
        fields.append("decided_on")
    locked.save(update_fields=[*fields, "updated_at"])
    change = StageChange.objects.create(
        case=locked, from_stage=from_stage, to_stage=to_stage, moved_on=on, by=staff_user(by)
    )
    record_audit_event(actor=staff_user(by), action="cases.case.moved", obj=locked, fields=fields)
    # The caller's object follows, so a page shows the new stage without a reload.
    for name in fields:
        setattr(case, name, getattr(locked, name))
    return change

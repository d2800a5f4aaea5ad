"""Reads of bills for their public pages: the list with its filters, one bill with its
history, sponsors and open actions, and the road of stages its page draws."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from callidarity.advocacy.models import Action
from callidarity.advocacy.selectors import list_live_actions

from .models import Bill, BillAction, Sponsorship, Stage
from .stages import ROAD, furthest_stage

ENDINGS = (Stage.VETOED, Stage.AMENDATORY_VETO, Stage.DEAD)


def list_public_bills(*, stage: str = "", position: str = "") -> QuerySet[Bill]:
    """Return the published bills, latest action first, of this stage and position if given."""
    bills = Bill.objects.filter(status=Bill.Status.PUBLISHED)
    if stage:
        bills = bills.filter(stage=stage)
    if position:
        bills = bills.filter(position=position)
    return bills.order_by("-last_action_on", "session", "identifier", "pk")


def get_public_bill(slug: str) -> Bill:
    """Return the published bill with this slug (Bill.DoesNotExist for a draft or none)."""
    return Bill.objects.get(slug=slug, status=Bill.Status.PUBLISHED)


def list_history(bill: Bill) -> list[BillAction]:
    """Return the bill's actions in official order."""
    return list(bill.history.order_by("order"))


def list_sponsors(bill: Bill) -> list[Sponsorship]:
    """Return the bill's sponsors, chief sponsors first, with their officials."""
    return list(bill.sponsors.select_related("target").order_by("-primary", "order", "pk"))


def list_open_actions(bill: Bill) -> list[Action]:
    """Return the actions on this bill that supporters can take part in now."""
    return list(list_live_actions().filter(bills=bill))


@dataclass(frozen=True)
class RoadStep:
    """One stage on a bill's road: passed, where it is now, or still ahead."""

    stage: Stage
    state: str  # "done", "current" or "ahead"

    @property
    def label(self) -> str:
        return str(self.stage.label)


def road(bill: Bill, history: list[BillAction]) -> list[RoadStep]:
    """Return the stages a bill goes through, marking where it is.

    A live bill shows the whole road, filed to law. A vetoed one shows its road to the
    Governor, then the veto; a dead one its road as far as it went, then where it died.
    """
    stage = Stage(bill.stage)
    if stage in ROAD:
        here = ROAD.index(stage)
        return [
            RoadStep(s, "done" if i < here else "current" if i == here else "ahead")
            for i, s in enumerate(ROAD)
        ]
    reached = furthest_stage(history, as_of=timezone.localdate())
    if stage in (Stage.VETOED, Stage.AMENDATORY_VETO):
        reached = Stage.GOVERNOR
    passed = ROAD[: ROAD.index(reached) + 1]
    return [*(RoadStep(s, "done") for s in passed), RoadStep(stage, "current")]

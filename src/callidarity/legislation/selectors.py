"""Reads of bills: for their public pages (the list with its filters, one bill with its
history, sponsors and open actions, and the road of stages its page draws), for following
a bill, for hearings and witness slips, and for the organizers' "what moved this week"."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from callidarity.advocacy.models import Action
from callidarity.advocacy.selectors import list_live_actions

from .models import (
    Bill,
    BillAction,
    BillFollower,
    Hearing,
    Sponsorship,
    Stage,
    StageChange,
    WitnessSlip,
)
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


# Days "this week" reaches back, today included.
WEEK_DAYS = 7


def get_follower(follower_id: int) -> BillFollower | None:
    return BillFollower.objects.select_related("bill", "supporter").filter(pk=follower_id).first()


def get_stage_change(change_id: int) -> StageChange | None:
    return StageChange.objects.select_related("bill").filter(pk=change_id).first()


def active_followers(bill: Bill) -> QuerySet[BillFollower]:
    """Return the bill's followers who confirmed and have not unsubscribed."""
    return BillFollower.objects.filter(
        bill=bill, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )


def iter_stage_change_recipients(bill: Bill) -> Iterator[tuple[str, str]]:
    """Yield (email, language) of each active follower, for queueing a stage-change email."""
    rows = active_followers(bill).order_by("pk").values_list("supporter__email", "language")
    yield from rows.iterator(chunk_size=2000)


def active_follower_ids_by_email(bill: Bill, emails: Iterable[str]) -> dict[str, int]:
    """Map each of these (lower-cased) addresses that still follows the bill to its follower."""
    wanted = {email.lower() for email in emails}
    rows = (
        active_followers(bill)
        .annotate(email=Lower("supporter__email"))
        .filter(email__in=wanted)
        .values_list("email", "pk")
    )
    return dict(rows)


def list_published_hearings(bill: Bill) -> QuerySet[Hearing]:
    """Return the bill's published hearings, soonest first, each with `slip_count`."""
    return (
        Hearing.objects.filter(bill=bill, status=Hearing.Status.PUBLISHED)
        .annotate(slip_count=Count("slips"))
        .order_by("starts_at", "pk")
    )


def list_upcoming_public_hearings(bill: Bill, now: datetime | None = None) -> QuerySet[Hearing]:
    """Return the bill's published hearings still to start, soonest first, with `slip_count`."""
    return list_published_hearings(bill).filter(starts_at__gt=now or timezone.now())


def get_public_hearing(bill: Bill, hearing_id: int) -> Hearing:
    """Return a published hearing of this bill (Hearing.DoesNotExist otherwise)."""
    return Hearing.objects.select_related("bill").get(
        pk=hearing_id, bill=bill, status=Hearing.Status.PUBLISHED
    )


def count_slips(hearing: Hearing) -> int:
    return WitnessSlip.objects.filter(hearing=hearing).count()


def hearing_is_open(hearing: Hearing, now: datetime | None = None) -> bool:
    """Return whether supporters can still record a slip (until the hearing starts)."""
    return hearing.status == Hearing.Status.PUBLISHED and (now or timezone.now()) < (
        hearing.starts_at
    )


# The organizers' week ------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    since: date  # the first day counted (today is the last)
    stage_changes: list[StageChange]
    # Bills with a new action on record in the week, each with `new_actions` (a count).
    moved_bills: Sequence[Bill]
    # Hearings still to come (any bill, published or draft), each with `slip_count`.
    hearings: Sequence[Hearing]
    # Every bill with followers, each with `follower_count` (active) and `pending_count`.
    followed_bills: Sequence[Bill]


def what_moved(now: datetime | None = None) -> Week:
    """Return what moved in the last seven days and what is coming, for organizers."""
    now = now or timezone.now()
    since = timezone.localdate(now) - timedelta(days=WEEK_DAYS - 1)
    start = now - timedelta(days=WEEK_DAYS)
    changes = list(
        StageChange.objects.select_related("bill")
        .filter(Q(moved_on__gte=since) | Q(detected_at__gte=start))
        .order_by("-moved_on", "-detected_at", "-pk")
    )
    moved = list(
        Bill.objects.annotate(new_actions=Count("history", filter=Q(history__date__gte=since)))
        .filter(new_actions__gt=0)
        .order_by("-last_action_on", "identifier")
    )
    hearings = list(
        Hearing.objects.select_related("bill")
        .filter(starts_at__gte=now)
        .annotate(slip_count=Count("slips"))
        .order_by("starts_at", "pk")
    )
    active = Q(followers__confirmed_at__isnull=False, followers__unsubscribed_at__isnull=True)
    pending = Q(followers__confirmed_at__isnull=True, followers__unsubscribed_at__isnull=True)
    followed = list(
        Bill.objects.annotate(
            follower_count=Count("followers", filter=active),
            pending_count=Count("followers", filter=pending),
        )
        .filter(Q(follower_count__gt=0) | Q(pending_count__gt=0))
        .order_by("-follower_count", "identifier")
    )
    return Week(
        since=since,
        stage_changes=changes,
        moved_bills=moved,
        hearings=hearings,
        followed_bills=followed,
    )

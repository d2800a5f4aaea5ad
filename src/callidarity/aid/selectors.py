"""Reads of the support program: the intake queue, runs, runway, and public impact.

Getters of records about people inside take the staff user, check the capability and
record the view in the audit log (STYLE: restricted data comes only through getters that
check and log). The impact figures are aggregates and name no one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from callidarity.accounts.selectors import can
from callidarity.ledger.models import Account
from callidarity.ledger.selectors import balance

from . import planning
from .models import (
    DisbursementLine,
    DisbursementRun,
    Facility,
    Member,
    SupportPlan,
    SupportRequest,
)
from .services import REQUEST_FIELDS, fee_schedules, max_weeks, outstanding_cents, record_views

User = AbstractBaseUser | AnonymousUser
# Counts below this are shown as "fewer than" on public pages, so a small facility's
# figure cannot point at one person.
SMALL_COUNT = 3
REQUEST_SHOWN = ("person_name", "facility", "facility_other", "wants_calls", "wants_commissary")
# The request page shows every field the request holds.
REQUEST_DETAIL = REQUEST_FIELDS


def _check(user: User, capability: str) -> None:
    if not can(user, capability):
        raise PermissionDenied


def list_request_facilities() -> QuerySet[Facility]:
    """Return the facilities offered on the request form, by name."""
    return Facility.objects.filter(is_active=True).order_by("name")


def list_open_requests_for_staff(*, user: User) -> list[SupportRequest]:
    """Return new and waitlisted requests, oldest first, and log that staff saw them."""
    _check(user, "aid.requests")
    requests = list(
        SupportRequest.objects.filter(
            status__in=[SupportRequest.Status.NEW, SupportRequest.Status.WAITLISTED]
        )
        .select_related("facility")
        .order_by("created_at", "pk")
    )
    record_views(objects=requests, by=user, fields=REQUEST_SHOWN)
    return requests


def count_open_requests() -> dict[str, int]:
    """Return how many requests are new and how many wait on the list."""
    counts = dict(
        SupportRequest.objects.filter(
            status__in=[SupportRequest.Status.NEW, SupportRequest.Status.WAITLISTED]
        )
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "new": counts.get(SupportRequest.Status.NEW, 0),
        "waitlisted": counts.get(SupportRequest.Status.WAITLISTED, 0),
    }


def get_request_for_staff(*, user: User, public_id: str) -> SupportRequest:
    """Return one request (SupportRequest.DoesNotExist if none) and log the view."""
    _check(user, "aid.requests")
    request = SupportRequest.objects.select_related("facility", "member").get(public_id=public_id)
    record_views(objects=[request], by=user, fields=REQUEST_DETAIL)
    return request


def list_runs(*, user: User) -> QuerySet[DisbursementRun]:
    """Return the runs, newest week first."""
    _check(user, "aid.disbursements")
    return DisbursementRun.objects.select_related("fund_account").order_by("-period_start", "-pk")


def list_funds() -> QuerySet[Account]:
    """Return the fund accounts a run can pay from."""
    return Account.objects.filter(kind=Account.Kind.FUND).order_by("code")


@dataclass
class RunView:
    """A run with its lines (members' names and ID numbers decrypted) and its sums."""

    run: DisbursementRun
    lines: list[DisbursementLine]
    left_out: list[tuple[Member, int, int]]  # member, rank, what it would take
    total_amount_cents: int
    total_fee_cents: int
    weekly_fee_cents: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def savings_cents(self) -> int:
        return self.weekly_fee_cents - self.total_fee_cents

    @property
    def shortfall_cents(self) -> int:
        return sum(needed for _, _, needed in self.left_out)

    @property
    def currency(self) -> str:
        return self.run.fund_account.currency

    @property
    def fee_percent(self) -> Decimal:
        if not self.total_amount_cents:
            return Decimal(0)
        return (Decimal(100 * self.total_fee_cents) / self.total_amount_cents).quantize(
            Decimal("0.1")
        )

    @property
    def weekly_fee_percent(self) -> Decimal:
        if not self.total_amount_cents:
            return Decimal(0)
        return (Decimal(100 * self.weekly_fee_cents) / self.total_amount_cents).quantize(
            Decimal("0.1")
        )


def get_run_for_staff(*, user: User, run_id: int) -> RunView:
    """Return a run with its lines and left-out members; log that their names were seen."""
    _check(user, "aid.disbursements")
    run = DisbursementRun.objects.select_related("fund_account").get(pk=run_id)
    lines = list(
        run.lines.select_related("member", "facility", "facility__deposit_vendor").order_by(
            "facility__name", "rank"
        )
    )
    left_ids = [entry["member_id"] for entry in run.left_out]
    left_members = Member.objects.select_related("facility").in_bulk(left_ids)
    left_out = [
        (left_members[e["member_id"]], int(e["rank"]), int(e["needed_cents"]))
        for e in run.left_out
        if e["member_id"] in left_members
    ]
    members = [line.member for line in lines] + [m for m, _, _ in left_out]
    record_views(objects=members, by=user, fields=["name", "id_number", "facility"])
    live = [line for line in lines if line.status != DisbursementLine.Status.FAILED]
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        counts[line.status] += 1
    return RunView(
        run=run,
        lines=lines,
        left_out=left_out,
        total_amount_cents=sum(line.amount_cents for line in live),
        total_fee_cents=sum(line.fee_cents for line in live),
        weekly_fee_cents=sum(line.weekly_fee_cents for line in live),
        counts=dict(counts),
    )


# Runway ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Runway:
    """How long a fund lasts at its current weekly commitments, fees included."""

    currency: str
    available_cents: int  # balance less deposits proposed and not yet confirmed
    members: int
    weekly_cents: int  # plans plus the vendor fees they cost per week
    weekly_fee_cents: int

    @property
    def weeks(self) -> Decimal | None:
        """Return the weeks the fund lasts (one decimal), or None when nothing is committed."""
        if self.weekly_cents <= 0:
            return None
        return (Decimal(max(self.available_cents, 0)) / self.weekly_cents).quantize(Decimal("0.1"))

    def needed_for(self, weeks: int) -> int:
        """Return the money still needed to keep every commitment for this many weeks."""
        return max(0, weeks * self.weekly_cents - max(self.available_cents, 0))


def _fee_per_week(need: planning.Need) -> tuple[int, int]:
    """Return (fee cents, weeks) of the deposit the planner would pick."""
    try:
        deposit = planning.choose_interval(need)
    except planning.DepositTooLarge:
        return 0, 1
    return deposit.fee_cents, deposit.weeks


def runway(fund_account: Account) -> Runway:
    """Return the fund's runway at the plans active now."""
    plans = SupportPlan.objects.filter(
        fund_account=fund_account,
        status=SupportPlan.Status.ACTIVE,
        member__status=Member.Status.ACTIVE,
    ).values_list(
        "member_id",
        "member__facility_id",
        "member__facility__max_weeks_per_deposit",
        "weekly_cents",
    )
    weekly: dict[int, int] = defaultdict(int)
    facility_of: dict[int, tuple[int, int | None]] = {}
    for member_id, facility_id, limit, cents in plans:
        weekly[member_id] += cents
        facility_of[member_id] = (facility_id, limit)
    schedules = fee_schedules()
    fees_per_week_num = 0  # sum of fee/weeks, kept exact as a fraction over 4 weeks
    for member_id, cents in weekly.items():
        facility_id, limit = facility_of[member_id]
        need = planning.Need(
            member_id=member_id,
            weekly_cents=cents,
            has_visits=False,
            miles_from_children=None,
            waiting_since=datetime.date.min,
            fees=schedules[facility_id],
            max_weeks=max_weeks(limit),
        )
        fee, weeks = _fee_per_week(need)
        fees_per_week_num += fee * 4 // weeks
    weekly_fee = -(-fees_per_week_num // 4)  # round up: a runway should not flatter
    available = balance(fund_account).cents - outstanding_cents(fund_account)
    return Runway(
        currency=fund_account.currency,
        available_cents=available,
        members=len(weekly),
        weekly_cents=sum(weekly.values()) + weekly_fee,
        weekly_fee_cents=weekly_fee,
    )


def what_if(base: Runway, *, members: int, weekly_cents: int, facility: Facility | None) -> Runway:
    """Return the runway if `members` more people were supported at `weekly_cents` each."""
    schedules = fee_schedules()
    schedule = (
        schedules.get(facility.pk, planning.FeeSchedule.none()) if facility is not None else None
    )
    fee_per_week = 0
    if schedule is not None and weekly_cents > 0:
        need = planning.Need(
            member_id=0,
            weekly_cents=weekly_cents,
            has_visits=False,
            miles_from_children=None,
            waiting_since=datetime.date.min,
            fees=schedule,
            max_weeks=max_weeks(facility.max_weeks_per_deposit if facility else None),
        )
        fee, weeks = _fee_per_week(need)
        fee_per_week = -(-fee // weeks)
    extra_fee = members * fee_per_week
    return Runway(
        currency=base.currency,
        available_cents=base.available_cents,
        members=base.members + members,
        weekly_cents=base.weekly_cents + members * weekly_cents + extra_fee,
        weekly_fee_cents=base.weekly_fee_cents + extra_fee,
    )


# Public impact ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FacilityCount:
    name: str
    members: int  # 0 when fewer than SMALL_COUNT: shown as "fewer than 3"

    @property
    def is_small(self) -> bool:
        return self.members == 0


@dataclass(frozen=True)
class Impact:
    """The support program's public figures: aggregates that identify no one."""

    members_supported: int
    deposits_made: int
    deposited_cents: int
    calls_funded: int
    fees_paid_cents: int
    fees_saved_cents: int
    average_miles: int | None
    members_with_distance: int
    by_facility: list[FacilityCount]
    currency: str


def impact(fund_account: Account | None = None) -> Impact:
    """Return the public impact figures (of one fund, or of every fund)."""
    members = Member.objects.filter(
        status=Member.Status.ACTIVE, plans__status=SupportPlan.Status.ACTIVE
    )
    confirmed = DisbursementLine.objects.filter(status=DisbursementLine.Status.CONFIRMED)
    if fund_account is not None:
        members = members.filter(plans__fund_account=fund_account)
        confirmed = confirmed.filter(run__fund_account=fund_account)
    member_ids = set(members.values_list("pk", flat=True))
    distance = Member.objects.filter(
        pk__in=member_ids, miles_from_children__isnull=False
    ).aggregate(avg=Avg("miles_from_children"), n=Count("pk"))
    totals = confirmed.aggregate(
        n=Count("pk"),
        amount=Sum("amount_cents"),
        fee=Sum("fee_cents"),
        weekly_fee=Sum("weekly_fee_cents"),
    )
    minutes = settings.CALL_MINUTES
    calls = 0
    phone_by_facility = confirmed.values_list("facility__call_rate_cents_per_minute").annotate(
        phone=Sum("phone_cents")
    )
    for rate, phone in phone_by_facility.order_by():
        if rate and phone:
            calls += int(Decimal(phone) / (Decimal(rate) * minutes))
    per_facility = (
        Member.objects.filter(pk__in=member_ids)
        .values_list("facility__name")
        .annotate(n=Count("pk"))
        .order_by("facility__name")
    )
    # Facilities with few people are pooled, unnamed, so no figure (nor the total less the
    # others) points at one person at a named place.
    by_facility = [FacilityCount(name, n) for name, n in per_facility if n >= SMALL_COUNT]
    pooled = sum(n for _, n in per_facility if n < SMALL_COUNT)
    if pooled:
        by_facility.append(
            FacilityCount(str(_("Other facilities")), pooled if pooled >= SMALL_COUNT else 0)
        )
    return Impact(
        members_supported=len(member_ids),
        deposits_made=int(totals["n"] or 0),
        deposited_cents=int(totals["amount"] or 0),
        calls_funded=calls,
        fees_paid_cents=int(totals["fee"] or 0),
        fees_saved_cents=int(totals["weekly_fee"] or 0) - int(totals["fee"] or 0),
        # One or two people's distance from their children is theirs, not a statistic.
        average_miles=(
            round(distance["avg"])
            if distance["avg"] is not None and int(distance["n"] or 0) >= SMALL_COUNT
            else None
        ),
        members_with_distance=int(distance["n"] or 0),
        by_facility=by_facility,
        currency=fund_account.currency if fund_account is not None else settings.DEFAULT_CURRENCY,
    )


def members_covered(fund_account: Account) -> int:
    """Return how many members the fund's active plans support now."""
    return (
        SupportPlan.objects.filter(
            fund_account=fund_account,
            status=SupportPlan.Status.ACTIVE,
            member__status=Member.Status.ACTIVE,
        )
        .values("member_id")
        .distinct()
        .count()
    )

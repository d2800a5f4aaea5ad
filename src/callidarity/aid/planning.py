"""Plan the weekly disbursement run: who is sent money, for how many weeks, at what fee.

Pure Python on purpose: no Django, no database. The caller builds one `Need` per member due
for support (her weekly plans summed, her facility's vendor fees and deposit limits) and
turns the `RunPlan` into ledger postings; this module only decides.

Deposit size. Vendors charge a flat fee per deposit by tier (GTL for IDOC: $3.50 up to $30,
$5.75 up to $100, …), so a $20 weekly deposit loses 17.5% while one $80 deposit covering
four weeks loses 7.2%. `choose_interval` picks, among the allowed intervals, the one with
the lowest fee per week; on a tie it picks fewer weeks, because the money reaches her
sooner and less of it is stranded if she is transferred.

Priority, when the money does not cover everyone (the group's policy):

1. Members who get no visits come first: the phone is their only way to reach family.
2. Then the farthest from their children, since distance is what makes visits rare; a
   member whose distance is unknown comes after every member whose distance is known.
3. Then those who have waited longest (earliest `waiting_since`).
4. Then the lowest member id, only so the order is stable from run to run.

The run walks members in that order. A member is covered by her preferred deposit if its
amount plus fee fits in what is left; if not, by the longest shorter allowed interval that
fits, because covering her for fewer weeks beats leaving her out. If nothing fits she is
left out and the walk goes on: a later, cheaper need may still fit, and money left idle
helps nobody. Organizers see everyone left out, in priority order, with what her preferred
deposit would take.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DEFAULT_OPTIONS: tuple[int, ...] = (1, 2, 4)


class DepositTooLarge(ValueError):
    """Even the shortest allowed deposit exceeds the vendor's maximum."""

    def __init__(
        self, *, amount_cents: int, max_deposit_cents: int, member_id: int | None = None
    ) -> None:
        self.amount_cents = amount_cents
        self.max_deposit_cents = max_deposit_cents
        self.member_id = member_id
        who = f"member #{member_id}: " if member_id is not None else ""
        super().__init__(
            f"{who}a deposit of {amount_cents} cents exceeds the vendor's maximum of "
            f"{max_deposit_cents} cents"
        )


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """A deposit vendor's fee tiers."""

    # (up_to_cents inclusive, fee_cents), strictly ascending by up_to_cents; a tier covers
    # amounts above the previous tier's up_to. Empty means no fee and no maximum.
    tiers: tuple[tuple[int, int], ...]
    _limits: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        previous = 0
        for up_to, fee in self.tiers:
            if up_to <= previous:
                raise ValueError("fee tiers must have positive, strictly ascending up_to_cents")
            if fee < 0:
                raise ValueError("a fee cannot be negative")
            previous = up_to
        # Kept for bisect: fee_for runs once per need and interval on every run.
        object.__setattr__(self, "_limits", tuple(up_to for up_to, _ in self.tiers))

    @classmethod
    def none(cls) -> FeeSchedule:
        """Return a schedule with no fees and no maximum deposit."""
        return cls(tiers=())

    @property
    def max_deposit_cents(self) -> int | None:
        """Return the largest deposit the vendor takes, or None when there is no limit."""
        return self._limits[-1] if self._limits else None

    def fee_for(self, amount_cents: int) -> int:
        """Return the fee for one deposit of `amount_cents`."""
        if amount_cents <= 0:
            raise ValueError("a deposit must be a positive amount")
        if not self.tiers:
            return 0
        index = bisect.bisect_left(self._limits, amount_cents)
        if index == len(self._limits):
            raise DepositTooLarge(amount_cents=amount_cents, max_deposit_cents=self._limits[-1])
        return self.tiers[index][1]


@dataclass(frozen=True, slots=True)
class Need:
    """What one member due for support needs this run, and what limits her deposits."""

    member_id: int
    weekly_cents: int  # the sum of her active plans; > 0
    has_visits: bool
    miles_from_children: int | None  # None when her children's ZIP code is unknown
    waiting_since: datetime.date
    fees: FeeSchedule
    max_weeks: int  # the most weeks one deposit may cover at her facility; >= 1

    def __post_init__(self) -> None:
        if self.weekly_cents <= 0:
            raise ValueError("weekly_cents must be positive")
        if self.max_weeks < 1:
            raise ValueError("max_weeks must be at least 1")


@dataclass(frozen=True, slots=True)
class Deposit:
    """One deposit covering `weeks` weeks of a member's support."""

    weeks: int
    amount_cents: int
    fee_cents: int

    @property
    def cost_cents(self) -> int:
        """Return what the deposit takes from the fund: the amount plus the fee."""
        return self.amount_cents + self.fee_cents


@dataclass(frozen=True, slots=True)
class Line:
    """A member covered by this run."""

    member_id: int
    weeks: int
    amount_cents: int
    fee_cents: int
    rank: int  # her position in the priority order, from 1


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A member the money did not reach this run."""

    member_id: int
    rank: int  # her position in the priority order, from 1
    needed_cents: int  # amount plus fee of her preferred deposit


@dataclass(frozen=True, slots=True)
class RunPlan:
    """The outcome of planning one run; lines and left_out are in priority order."""

    lines: list[Line]
    left_out: list[LeftOut]
    total_amount_cents: int
    total_fee_cents: int
    # What the covered lines would have paid in fees depositing one week at a time.
    weekly_baseline_fee_cents: int
    # weekly_baseline_fee_cents - total_fee_cents. Never negative when 1 is an option and
    # everyone gets her preferred deposit; a shorter fallback could in principle pay more
    # per week than weekly deposits under an odd schedule (not GTL's).
    savings_cents: int
    shortfall_cents: int  # sum of left_out needed_cents
    remaining_cents: int  # available - total amount - total fees; never negative


PriorityKey = tuple[bool, bool, int, datetime.date, int]


def priority_key(need: Need) -> PriorityKey:
    """Return the sort key that puts the most urgent need first."""
    miles = need.miles_from_children
    return (
        need.has_visits,  # False sorts first: no visits comes first
        miles is None,  # unknown distance after every known one
        -miles if miles is not None else 0,  # farthest first
        need.waiting_since,
        need.member_id,
    )


def _clean_options(options: Iterable[int]) -> tuple[int, ...]:
    """Return the interval options sorted and deduplicated, refusing non-positive weeks."""
    cleaned = tuple(sorted(set(options)))
    if not cleaned or cleaned[0] < 1:
        raise ValueError("interval options must be a non-empty set of positive week counts")
    return cleaned


def _allowed_deposits(need: Need, options: tuple[int, ...]) -> list[Deposit]:
    """Return the deposits the vendor and facility allow for her, fewest weeks first."""
    within = [weeks for weeks in options if weeks <= need.max_weeks]
    if not within:
        raise ValueError(
            f"member #{need.member_id}: no interval option is within max_weeks={need.max_weeks}"
        )
    cap = need.fees.max_deposit_cents
    deposits = []
    for weeks in within:
        amount = need.weekly_cents * weeks
        if cap is not None and amount > cap:
            break  # options are ascending, so every later amount is larger still
        deposits.append(Deposit(weeks, amount, need.fees.fee_for(amount)))
    if not deposits:
        assert cap is not None
        raise DepositTooLarge(
            amount_cents=need.weekly_cents * within[0],
            max_deposit_cents=cap,
            member_id=need.member_id,
        )
    return deposits


def _cheapest_per_week(deposits: list[Deposit]) -> Deposit:
    """Return the deposit with the lowest fee per week, the shortest on a tie."""
    best = deposits[0]
    for deposit in deposits[1:]:
        # fee/weeks < best.fee/best.weeks, cross-multiplied to stay exact; strict, so a
        # tie keeps the shorter deposit (deposits come fewest weeks first).
        if deposit.fee_cents * best.weeks < best.fee_cents * deposit.weeks:
            best = deposit
    return best


def choose_interval(need: Need, *, options: Iterable[int] = DEFAULT_OPTIONS) -> Deposit:
    """Return her deposit with the lowest fee per week (fewer weeks on a tie)."""
    return _cheapest_per_week(_allowed_deposits(need, _clean_options(options)))


def plan_run(
    needs: Sequence[Need], *, available_cents: int, options: Iterable[int] = DEFAULT_OPTIONS
) -> RunPlan:
    """Return which needs `available_cents` covers, by priority, and with which deposits."""
    if available_cents < 0:
        raise ValueError("available_cents cannot be negative")
    if len({need.member_id for need in needs}) != len(needs):
        raise ValueError("each member must appear in needs at most once")
    cleaned = _clean_options(options)

    # Every need's choices are worked out before anything is planned, so a deposit the
    # vendor refuses stops the run instead of leaving her silently out.
    ordered = sorted(needs, key=priority_key)
    choices = []
    for need in ordered:
        allowed = _allowed_deposits(need, cleaned)
        preferred = _cheapest_per_week(allowed)
        shorter = [d for d in reversed(allowed) if d.weeks < preferred.weeks]
        choices.append((need, preferred, shorter))

    lines: list[Line] = []
    left_out: list[LeftOut] = []
    remaining = available_cents
    total_amount = total_fee = baseline = 0
    for rank, (need, preferred, shorter) in enumerate(choices, start=1):
        chosen: Deposit | None = None
        if preferred.cost_cents <= remaining:
            chosen = preferred
        else:
            for deposit in shorter:
                if deposit.cost_cents <= remaining:
                    chosen = deposit
                    break
        if chosen is None:
            left_out.append(LeftOut(need.member_id, rank, preferred.cost_cents))
            continue
        lines.append(
            Line(need.member_id, chosen.weeks, chosen.amount_cents, chosen.fee_cents, rank)
        )
        remaining -= chosen.cost_cents
        total_amount += chosen.amount_cents
        total_fee += chosen.fee_cents
        # One week's amount always fits under the cap: the shortest allowed deposit did.
        baseline += chosen.weeks * need.fees.fee_for(need.weekly_cents)

    return RunPlan(
        lines=lines,
        left_out=left_out,
        total_amount_cents=total_amount,
        total_fee_cents=total_fee,
        weekly_baseline_fee_cents=baseline,
        savings_cents=baseline - total_fee,
        shortfall_cents=sum(item.needed_cents for item in left_out),
        remaining_cents=remaining,
    )

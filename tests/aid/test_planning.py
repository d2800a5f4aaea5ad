"""The weekly run planner: deposit sizes, the priority order and what a short budget does."""

from __future__ import annotations

import datetime
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callidarity.aid.planning import (
    Deposit,
    DepositTooLarge,
    FeeSchedule,
    LeftOut,
    Line,
    Need,
    RunPlan,
    choose_interval,
    plan_run,
    priority_key,
)

# GTL's fees for IDOC deposits (FACTS.md): $0.01 to $30 → $3.50; → $100 $5.75; → $200 $6.75;
# → $300 $8.95, and nothing above $300.
GTL = FeeSchedule(tiers=((3000, 350), (10000, 575), (20000, 675), (30000, 895)))
DAY = datetime.date(2025, 1, 6)


def need(
    member_id: int = 1,
    weekly_cents: int = 2000,
    *,
    has_visits: bool = False,
    miles: int | None = 100,
    waiting_since: datetime.date = DAY,
    fees: FeeSchedule = GTL,
    max_weeks: int = 4,
) -> Need:
    return Need(
        member_id=member_id,
        weekly_cents=weekly_cents,
        has_visits=has_visits,
        miles_from_children=miles,
        waiting_since=waiting_since,
        fees=fees,
        max_weeks=max_weeks,
    )


# --- FeeSchedule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "fee"),
    [(1, 350), (2000, 350), (3000, 350), (3001, 575), (10000, 575), (10001, 675), (30000, 895)],
)
def test_gtl_fee_for_each_tier(amount: int, fee: int) -> None:
    assert GTL.fee_for(amount) == fee


def test_a_deposit_above_the_last_tier_is_refused() -> None:
    assert GTL.max_deposit_cents == 30000
    with pytest.raises(DepositTooLarge):
        GTL.fee_for(30001)


@pytest.mark.parametrize("amount", [0, -1])
def test_a_deposit_must_be_positive(amount: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        GTL.fee_for(amount)
    with pytest.raises(ValueError, match="positive"):
        FeeSchedule.none().fee_for(amount)


def test_no_fees_means_no_fee_and_no_cap() -> None:
    none = FeeSchedule.none()
    assert none.max_deposit_cents is None
    assert none.fee_for(10**9) == 0


@pytest.mark.parametrize(
    "tiers",
    [((3000, 350), (3000, 575)), ((10000, 575), (3000, 350)), ((0, 0),), ((100, -1),)],
)
def test_a_malformed_schedule_is_refused(tiers: tuple[tuple[int, int], ...]) -> None:
    with pytest.raises(ValueError, match=r"ascending|negative"):
        FeeSchedule(tiers=tiers)


def test_schedules_with_the_same_tiers_are_equal_and_hashable() -> None:
    copy = FeeSchedule(tiers=tuple(GTL.tiers))
    assert copy == GTL
    assert hash(copy) == hash(GTL)


# --- choose_interval -----------------------------------------------------------------------


def test_twenty_a_week_goes_as_one_four_week_deposit() -> None:
    # 1 week: $20, $3.50 (17.5%); 2 weeks: $40, $5.75 ($2.875/wk); 4 weeks: $80, $5.75.
    assert choose_interval(need(weekly_cents=2000)) == Deposit(4, 8000, 575)


def test_fifteen_a_week_goes_as_one_four_week_deposit() -> None:
    # 1 week $3.50/wk; 2 weeks $30 → $3.50 = $1.75/wk; 4 weeks $60 → $5.75 = $1.4375/wk.
    assert choose_interval(need(weekly_cents=1500)) == Deposit(4, 6000, 575)


def test_fifty_a_week_takes_the_200_dollar_tier_over_two_cheaper_deposits() -> None:
    # 2 weeks: $100 → $5.75 = $2.875/wk; 4 weeks: $200 → $6.75 = $1.6875/wk.
    assert choose_interval(need(weekly_cents=5000)) == Deposit(4, 20000, 675)


def test_a_hundred_a_week_stops_at_the_vendor_maximum() -> None:
    # 4 weeks would be $400, over GTL's $300: 2 weeks at $200 → $6.75.
    assert choose_interval(need(weekly_cents=10000)) == Deposit(2, 20000, 675)


def test_a_weekly_amount_over_the_maximum_raises() -> None:
    with pytest.raises(DepositTooLarge, match="member #7") as caught:
        choose_interval(need(member_id=7, weekly_cents=40000))
    assert caught.value.member_id == 7
    assert caught.value.amount_cents == 40000
    assert caught.value.max_deposit_cents == 30000


def test_max_weeks_one_forces_weekly_deposits() -> None:
    assert choose_interval(need(weekly_cents=2000, max_weeks=1)) == Deposit(1, 2000, 350)


def test_max_weeks_three_rules_out_four() -> None:
    assert choose_interval(need(weekly_cents=2000, max_weeks=3)) == Deposit(2, 4000, 575)


def test_without_fees_a_tie_goes_to_fewer_weeks() -> None:
    assert choose_interval(need(fees=FeeSchedule.none())) == Deposit(1, 2000, 0)


def test_an_exact_tie_in_fee_per_week_goes_to_fewer_weeks() -> None:
    linear = FeeSchedule(tiers=((1000, 100), (2000, 200), (4000, 400)))
    # 100/wk at every interval.
    assert choose_interval(need(weekly_cents=1000, fees=linear)) == Deposit(1, 1000, 100)


def test_other_options_are_honoured() -> None:
    assert choose_interval(need(weekly_cents=2000, max_weeks=8), options=(1, 3)) == Deposit(
        3, 6000, 575
    )


@pytest.mark.parametrize("options", [(), (0, 1), (-1,)])
def test_options_must_be_positive_weeks(options: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="positive week counts"):
        choose_interval(need(), options=options)


def test_no_option_within_max_weeks_is_an_error() -> None:
    with pytest.raises(ValueError, match="max_weeks=1"):
        choose_interval(need(max_weeks=1), options=(2, 4))


@pytest.mark.parametrize(("field", "value"), [("weekly_cents", 0), ("max_weeks", 0)])
def test_a_need_must_have_a_positive_amount_and_weeks(field: str, value: int) -> None:
    with pytest.raises(ValueError, match=field):
        need(**{field: value})  # type: ignore[arg-type]


# --- priority ------------------------------------------------------------------------------


def test_priority_is_visits_then_distance_then_waiting_then_id() -> None:
    early = datetime.date(2024, 3, 1)
    needs = [
        need(1, has_visits=True, miles=500),
        need(2, miles=None),
        need(3, miles=50),
        need(4, miles=300),
        need(5, miles=50, waiting_since=early),
        need(6, miles=None, waiting_since=early),
        need(7, miles=50),
        need(8, has_visits=True, miles=None),
        need(9, miles=0),
    ]
    order = [n.member_id for n in sorted(needs, key=priority_key)]
    # No visits: 4 (300 mi); 5, 3, 7 at 50 mi (5 waited longer; then by id); 9 (0 mi);
    # unknown distance 6 (waited longer), 2. Then the visited: 1 (500 mi), 8 (unknown).
    assert order == [4, 5, 3, 7, 9, 6, 2, 1, 8]


def test_plan_ranks_follow_the_priority_whatever_the_input_order() -> None:
    needs = [need(i, miles=i * 10) for i in range(1, 21)]
    shuffled = needs[:]
    random.Random(4).shuffle(shuffled)
    assert plan_run(shuffled, available_cents=30000) == plan_run(needs, available_cents=30000)
    plan = plan_run(shuffled, available_cents=10**9)
    assert [(line.member_id, line.rank) for line in plan.lines] == [
        (21 - r, r) for r in range(1, 21)
    ]


# --- plan_run ------------------------------------------------------------------------------


def test_enough_money_covers_everyone_with_the_savings_shown() -> None:
    plan = plan_run([need(1, 2000)], available_cents=10000)
    assert plan == RunPlan(
        lines=[Line(member_id=1, weeks=4, amount_cents=8000, fee_cents=575, rank=1)],
        left_out=[],
        total_amount_cents=8000,
        total_fee_cents=575,
        weekly_baseline_fee_cents=1400,  # 4 x $3.50
        savings_cents=825,
        shortfall_cents=0,
        remaining_cents=10000 - 8575,
    )


def test_a_short_budget_covers_by_priority_and_lists_who_is_left_out() -> None:
    needs = [
        need(1, 5000, miles=300),  # 4 weeks: $200 + $6.75 = 20675; fallbacks 10575, 5575
        need(2, 2000, miles=200),  # 4 weeks: $80 + $5.75 = 8575
        need(3, 2000, miles=100),  # 8575
        need(4, 1000, has_visits=True, miles=900),  # 4 weeks: $40 + $5.75 = 4575
    ]
    plan = plan_run(needs, available_cents=20675 + 8575 + 4575)
    assert plan.lines == [
        Line(member_id=1, weeks=4, amount_cents=20000, fee_cents=675, rank=1),
        Line(member_id=2, weeks=4, amount_cents=8000, fee_cents=575, rank=2),
        # 4575 left: not her 8575, but 2 weeks ($40 + $5.75) fits exactly.
        Line(member_id=3, weeks=2, amount_cents=4000, fee_cents=575, rank=3),
    ]
    # She gets visits, so she comes last although she is the farthest away.
    assert plan.left_out == [LeftOut(member_id=4, rank=4, needed_cents=4575)]
    assert plan.remaining_cents == 0
    assert plan.shortfall_cents == 4575


def test_the_walk_goes_on_past_someone_who_does_not_fit() -> None:
    needs = [
        need(1, 5000, miles=300),  # 20675 preferred; shortest is 1 week: 5000 + 575 = 5575
        need(2, 1000, miles=200),  # 4 weeks: 4575
    ]
    plan = plan_run(needs, available_cents=5000)
    assert plan.left_out == [LeftOut(member_id=1, rank=1, needed_cents=20675)]
    assert plan.lines == [Line(member_id=2, weeks=4, amount_cents=4000, fee_cents=575, rank=2)]
    assert plan.remaining_cents == 425
    assert plan.total_amount_cents + plan.total_fee_cents == 4575


def test_a_shorter_deposit_covers_her_when_the_preferred_one_does_not_fit() -> None:
    # Preferred 4 weeks ($80 + $5.75 = 8575); 2 weeks ($40 + $5.75 = 4575) fits in 5000.
    plan = plan_run([need(1, 2000)], available_cents=5000)
    assert plan.lines == [Line(member_id=1, weeks=2, amount_cents=4000, fee_cents=575, rank=1)]
    assert plan.left_out == []
    assert plan.weekly_baseline_fee_cents == 700
    assert plan.savings_cents == 125
    assert plan.remaining_cents == 425


def test_the_fallback_goes_down_to_one_week() -> None:
    plan = plan_run([need(1, 2000)], available_cents=4000)
    assert plan.lines == [Line(member_id=1, weeks=1, amount_cents=2000, fee_cents=350, rank=1)]
    assert plan.savings_cents == 0


def test_no_money_leaves_everyone_out() -> None:
    plan = plan_run([need(1, 2000), need(2, 1500, miles=5)], available_cents=0)
    assert plan.lines == []
    assert plan.left_out == [
        LeftOut(member_id=1, rank=1, needed_cents=8575),
        LeftOut(member_id=2, rank=2, needed_cents=6575),
    ]
    assert plan.shortfall_cents == 8575 + 6575
    assert plan.remaining_cents == 0


def test_an_exact_budget_leaves_nothing() -> None:
    plan = plan_run([need(1, 2000), need(2, 1500, miles=5)], available_cents=8575 + 6575)
    assert plan.left_out == []
    assert plan.remaining_cents == 0


def test_no_needs_plan_nothing() -> None:
    assert plan_run([], available_cents=500) == RunPlan([], [], 0, 0, 0, 0, 0, 500)


def test_a_deposit_the_vendor_refuses_stops_the_run() -> None:
    with pytest.raises(DepositTooLarge, match="member #2"):
        plan_run([need(1), need(2, 40000)], available_cents=10**9)


def test_a_member_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="at most once"):
        plan_run([need(1), need(1, 1500)], available_cents=10**9)


def test_a_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        plan_run([need(1)], available_cents=-1)


def test_each_facility_keeps_its_own_fees_and_limits() -> None:
    plan = plan_run(
        [
            need(1, 2000),
            need(2, 2000, fees=FeeSchedule.none(), miles=5),
            need(3, 2000, miles=1),
            need(4, 2000, max_weeks=1, miles=0),
        ],
        available_cents=10**9,
    )
    assert [(line.member_id, line.weeks, line.fee_cents) for line in plan.lines] == [
        (1, 4, 575),
        (2, 1, 0),
        (3, 4, 575),
        (4, 1, 350),
    ]
    assert plan.weekly_baseline_fee_cents == 1400 + 0 + 1400 + 350
    assert plan.savings_cents == plan.weekly_baseline_fee_cents - (575 + 0 + 575 + 350)


# --- properties ----------------------------------------------------------------------------


@st.composite
def schedules(draw: st.DrawFn) -> FeeSchedule:
    kind = draw(st.sampled_from(["gtl", "none", "random"]))
    if kind == "gtl":
        return GTL
    if kind == "none":
        return FeeSchedule.none()
    limits = sorted(draw(st.sets(st.integers(1, 100_000), min_size=1, max_size=5)))
    fees = draw(st.lists(st.integers(0, 2_000), min_size=len(limits), max_size=len(limits)))
    return FeeSchedule(tiers=tuple(zip(limits, fees, strict=True)))


@st.composite
def need_lists(draw: st.DrawFn, fee_schedules: st.SearchStrategy[FeeSchedule]) -> list[Need]:
    pool = draw(st.lists(fee_schedules, min_size=1, max_size=3))
    size = draw(st.integers(0, 25))
    ids = draw(st.lists(st.integers(1, 10**6), min_size=size, max_size=size, unique=True))
    needs = []
    for member_id in ids:
        fees = draw(st.sampled_from(pool))
        cap = fees.max_deposit_cents or 50_000
        needs.append(
            Need(
                member_id=member_id,
                # Within the cap, so the 1-week deposit is always allowed.
                weekly_cents=draw(st.integers(1, cap)),
                has_visits=draw(st.booleans()),
                # A narrow range, so ties on distance and dates happen.
                miles_from_children=draw(st.none() | st.integers(0, 5)),
                waiting_since=draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2024, 1, 10))),
                fees=fees,
                max_weeks=draw(st.integers(1, 6)),
            )
        )
    return needs


OPTIONS = st.just((1, 2, 4)) | st.sets(st.integers(2, 8), max_size=3).map(
    lambda extra: tuple(sorted({1} | extra))
)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


def allowed(n: Need, options: tuple[int, ...]) -> list[Deposit]:
    """Return every deposit the rules allow her, worked out independently of the planner."""
    cap = n.fees.max_deposit_cents
    return [
        Deposit(w, n.weekly_cents * w, n.fees.fee_for(n.weekly_cents * w))
        for w in sorted(set(options))
        if w <= n.max_weeks and (cap is None or n.weekly_cents * w <= cap)
    ]


def preferred(n: Need, options: tuple[int, ...]) -> Deposit:
    """Return the lowest exact fee per week, fewest weeks on a tie, by brute force."""
    return min(allowed(n, options), key=lambda d: (Fraction(d.fee_cents, d.weeks), d.weeks))


def cost(d: Deposit) -> int:
    return d.amount_cents + d.fee_cents


def check_walk(needs: list[Need], plan: RunPlan, available: int, options: tuple[int, ...]) -> None:
    """Replay the plan in rank order and check every choice against what was left."""
    by_id = {n.member_id: n for n in needs}
    ordered = sorted(needs, key=priority_key)
    every: list[Line | LeftOut] = [*plan.lines, *plan.left_out]
    entries = {e.rank: e for e in every}
    # Every need exactly once, ranked by the priority order.
    assert sorted(entries) == list(range(1, len(needs) + 1))
    assert len(plan.lines) + len(plan.left_out) == len(needs)
    assert [entries[r].member_id for r in sorted(entries)] == [n.member_id for n in ordered]

    remaining = available
    for rank in sorted(entries):
        entry = entries[rank]
        n = by_id[entry.member_id]
        best = preferred(n, options)
        fallbacks = [d for d in allowed(n, options) if d.weeks < best.weeks]
        if isinstance(entry, LeftOut):
            assert entry.needed_cents == cost(best)
            # Left out only if nothing allowed to her fitted in what remained at her turn.
            assert all(cost(d) > remaining for d in [best, *fallbacks])
            continue
        chosen = Deposit(entry.weeks, entry.amount_cents, entry.fee_cents)
        assert chosen in [best, *fallbacks]
        assert cost(chosen) <= remaining
        if chosen != best:
            # A shorter deposit only when every longer one up to the preferred did not fit.
            longer = [d for d in [best, *fallbacks] if d.weeks > chosen.weeks]
            assert all(cost(d) > remaining for d in longer)
        remaining -= cost(chosen)
    assert plan.remaining_cents == remaining


def check_totals(needs: list[Need], plan: RunPlan, available: int) -> None:
    by_id = {n.member_id: n for n in needs}
    assert plan.total_amount_cents == sum(line.amount_cents for line in plan.lines)
    assert plan.total_fee_cents == sum(line.fee_cents for line in plan.lines)
    assert plan.total_amount_cents + plan.total_fee_cents <= available
    assert plan.remaining_cents == available - plan.total_amount_cents - plan.total_fee_cents
    assert plan.remaining_cents >= 0
    assert plan.weekly_baseline_fee_cents == sum(
        line.weeks * by_id[line.member_id].fees.fee_for(by_id[line.member_id].weekly_cents)
        for line in plan.lines
    )
    assert plan.savings_cents == plan.weekly_baseline_fee_cents - plan.total_fee_cents
    assert plan.shortfall_cents == sum(item.needed_cents for item in plan.left_out)


@PROPERTY_SETTINGS
@given(needs=need_lists(schedules()), options=OPTIONS, data=st.data())
def test_any_budget_is_walked_by_priority_and_never_overspent(
    needs: list[Need], options: tuple[int, ...], data: st.DataObject
) -> None:
    everything = sum(cost(preferred(n, options)) for n in needs)
    available = data.draw(st.integers(0, everything + 1000) | st.just(everything))
    plan = plan_run(needs, available_cents=available, options=options)
    check_totals(needs, plan, available)
    check_walk(needs, plan, available, options)


@PROPERTY_SETTINGS
@given(needs=need_lists(schedules()), options=OPTIONS, extra=st.integers(0, 10**6))
def test_enough_money_leaves_nobody_out_and_never_costs_more_than_weekly(
    needs: list[Need], options: tuple[int, ...], extra: int
) -> None:
    available = sum(cost(preferred(n, options)) for n in needs) + extra
    plan = plan_run(needs, available_cents=available, options=options)
    assert plan.left_out == []
    assert plan.remaining_cents == extra
    for line in plan.lines:
        n = next(n for n in needs if n.member_id == line.member_id)
        assert choose_interval(n, options=options) == preferred(n, options)
        assert Deposit(line.weeks, line.amount_cents, line.fee_cents) == preferred(n, options)
    # The weekly deposit is among the choices, so the cheapest per week never costs more.
    assert plan.savings_cents >= 0
    check_totals(needs, plan, available)


@PROPERTY_SETTINGS
@given(
    needs=need_lists(st.sampled_from([GTL, FeeSchedule.none()])),
    available=st.integers(0, 200_000),
)
def test_under_gtl_even_a_shorter_fallback_saves_on_fees(needs: list[Need], available: int) -> None:
    plan = plan_run(needs, available_cents=available)
    assert plan.savings_cents >= 0
    check_totals(needs, plan, available)
    check_walk(needs, plan, available, (1, 2, 4))

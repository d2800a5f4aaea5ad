"""The weekly run: deposits sized around vendor fees, by priority within the fund, posted
to the ledger only when confirmed, and exactly once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from callidarity.aid import services
from callidarity.aid.exceptions import SupportError
from callidarity.aid.models import DisbursementLine, DisbursementRun, Facility, Member
from callidarity.core.money import Money
from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Account, Entry, Transaction
from callidarity.ledger.selectors import balance
from callidarity.ledger.services import post

from .conftest import WEEK, give, make_member


@pytest.fixture
def treasurer(db: None) -> User:
    return User.objects.create_user("tess", "tess@example.org", "pw", is_staff=True)


@pytest.fixture
def cook(db: None) -> Facility:
    return Facility.objects.get(name="Cook County Jail")


def _ledger_kinds(fund: Account) -> list[tuple[str, int]]:
    return sorted(
        Entry.objects.filter(account=fund).values_list("transaction__kind", "amount_cents")
    )


def test_forty_moms_at_logan_get_four_weeks_at_once_and_the_run_shows_the_saving(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 1_000_000)
    for n in range(40):
        make_member(logan, fund, weekly=2000, name=f"Mom {n}")
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    lines = list(run.lines.all())
    assert len(lines) == 40
    # $20 a week: one $80 deposit for four weeks pays GTL $5.75 instead of 4 x $3.50.
    assert {(ln.weeks, ln.amount_cents, ln.fee_cents, ln.weekly_fee_cents) for ln in lines} == {
        (4, 8000, 575, 1400)
    }
    assert {ln.covers_until for ln in lines} == {WEEK + datetime.timedelta(days=27)}
    assert sum(ln.weekly_fee_cents - ln.fee_cents for ln in lines) == 40 * 825
    assert run.left_out == []
    # Nothing moves until a deposit is confirmed.
    assert _ledger_kinds(fund) == [("gift", -1_000_000)]


def test_a_short_fund_covers_by_priority_and_names_who_is_left_out(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    visited = make_member(logan, fund, has_visits=True, miles=300)
    near = make_member(logan, fund, miles=20)
    far = make_member(logan, fund, miles=250)
    unknown = make_member(logan, fund, miles=None, waiting_since=datetime.date(2025, 1, 1))
    give(processor, fund, 2 * (8000 + 575) + 500)  # two four-week deposits and change
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    covered = {ln.member_id: (ln.rank, ln.weeks) for ln in run.lines.all()}
    assert covered == {far.pk: (1, 4), near.pk: (2, 4)}
    left = {(e["member_id"], e["rank"], e["needed_cents"]) for e in run.left_out}
    assert left == {(unknown.pk, 3, 8575), (visited.pk, 4, 8575)}
    spend = sum(ln.amount_cents + ln.fee_cents for ln in run.lines.all())
    assert spend <= balance(fund).cents


def test_confirming_posts_the_deposit_and_its_fee_once(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 100_000)
    make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    line = run.lines.get()
    with pytest.raises(SupportError, match="Only a deposit sent to the vendor"):
        services.confirm_line(line=line, confirmation_number="GTL-1", by=treasurer)
    services.export_run(run=run, by=treasurer)
    services.confirm_line(line=line, confirmation_number="GTL-1", by=treasurer)
    services.confirm_line(line=line, confirmation_number="GTL-1", by=treasurer)  # again
    with pytest.raises(SupportError, match="already confirmed with number GTL-1"):
        services.confirm_line(line=line, confirmation_number="GTL-2", by=treasurer)
    assert _ledger_kinds(fund) == [
        ("disbursement", 8000),
        ("gift", -100_000),
        ("vendor_fee", 575),
    ]
    assert balance(fund).cents == 100_000 - 8575
    assert find_violations() == []
    run.refresh_from_db()
    assert run.status == DisbursementRun.Status.CLOSED  # its only line is settled


def test_a_failed_deposit_keeps_its_reason_and_never_posts(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 100_000)
    make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    services.export_run(run=run, by=treasurer)
    line = run.lines.get()
    services.fail_line(line=line, failure="transferred", note="Moved to Decatur", by=treasurer)
    line.refresh_from_db()
    assert (line.status, line.failure, line.failure_note) == (
        "failed",
        "transferred",
        "Moved to Decatur",
    )
    with pytest.raises(SupportError):
        services.confirm_line(line=line, confirmation_number="X", by=treasurer)
    assert _ledger_kinds(fund) == [("gift", -100_000)]


def test_next_week_skips_whom_this_weeks_deposit_already_covers(
    logan: Facility,
    cook: Facility,
    fund: Account,
    processor: Account,
    bank: Account,
    treasurer: User,
) -> None:
    give(processor, fund, 100_000)
    make_member(logan, fund)  # four weeks at once (GTL's fees)
    jail = make_member(cook, fund)  # no deposit fee known: weekly
    first = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    assert sorted(first.lines.values_list("weeks", flat=True)) == [1, 4]
    services.export_run(run=first, by=treasurer)
    second = services.propose_run(
        fund_account=fund, period_start=WEEK + datetime.timedelta(days=7), by=treasurer
    )
    assert list(second.lines.values_list("member_id", flat=True)) == [jail.pk]
    # What the first run proposed and nobody confirmed yet is not spent twice.
    assert second.available_cents == 100_000 - 8575 - 2000


def test_a_run_per_fund_per_week(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 100_000)
    make_member(logan, fund)
    services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    with pytest.raises(services.RunExists):
        services.propose_run(
            fund_account=fund, period_start=WEEK + datetime.timedelta(days=3), by=treasurer
        )
    assert DisbursementRun.objects.count() == 1


def test_a_confirmation_the_fund_cannot_cover_posts_nothing(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 8575)
    make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    services.export_run(run=run, by=treasurer)
    # Meanwhile a refund takes money out of the fund.
    post(
        kind=Transaction.Kind.REFUND,
        lines=[(fund, balance(fund)), (processor, -balance(fund))],
        idempotency_key="refund-all",
    )
    with pytest.raises(SupportError, match="no longer holds enough"):
        services.confirm_line(line=run.lines.get(), confirmation_number="GTL-9", by=treasurer)
    assert DisbursementLine.objects.get().status == DisbursementLine.Status.EXPORTED
    assert not Transaction.objects.filter(kind__in=["disbursement", "vendor_fee"]).exists()


def test_a_plan_above_the_vendors_largest_deposit_is_listed_not_sent(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 1_000_000)
    member = make_member(logan, fund, weekly=40_000)  # $400 a week; GTL takes at most $300
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    assert not run.lines.exists()
    assert run.left_out == [
        {"member_id": member.pk, "rank": 0, "needed_cents": 40_000, "too_large": True}
    ]


def test_a_draft_run_can_drop_a_line_and_be_proposed_again(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 100_000)
    first = make_member(logan, fund)
    make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    services.remove_line(line=run.lines.get(member=first), by=treasurer)
    assert run.lines.count() == 1
    Member.objects.filter(pk=first.pk).update(status=Member.Status.RELEASED)
    services.repropose_run(run=run, by=treasurer)
    assert run.lines.count() == 1
    services.export_run(run=run, by=treasurer)
    with pytest.raises(SupportError, match="can no longer change"):
        services.repropose_run(run=run, by=treasurer)


def test_runs_go_one_week_after_another(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 100_000)
    make_member(logan, fund)
    later = WEEK + datetime.timedelta(days=14)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    # While this week's run is a draft, no later week: it may still change who is covered.
    with pytest.raises(SupportError, match="still a draft: send it to the vendors first"):
        services.propose_run(fund_account=fund, period_start=later, by=treasurer)
    services.export_run(run=run, by=treasurer)
    services.propose_run(fund_account=fund, period_start=later, by=treasurer)
    # A week slipped in before a later run could pay someone twice for the same weeks.
    with pytest.raises(SupportError, match="already a run for a later week"):
        services.propose_run(
            fund_account=fund, period_start=WEEK + datetime.timedelta(days=7), by=treasurer
        )
    with pytest.raises(SupportError, match="within a year before"):
        services.propose_run(
            fund_account=fund, period_start=datetime.date(9999, 12, 27), by=treasurer
        )
    assert DisbursementRun.objects.count() == 2


def test_a_plan_ending_soon_is_not_paid_past_its_end(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 100_000)
    member = make_member(logan, fund)
    member.plans.update(ends_on=WEEK + datetime.timedelta(days=9))  # ends in week two
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    line = run.lines.get()
    assert (line.weeks, line.amount_cents, line.fee_cents) == (2, 4000, 575)


def test_sending_a_run_checks_the_fund_again(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 8575)
    make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    post(
        kind=Transaction.Kind.REFUND,
        lines=[(fund, Money(1000, "USD")), (processor, Money(-1000, "USD"))],
        idempotency_key="refund-some",
    )
    with pytest.raises(SupportError, match=r"holds \$75\.75 for this run, less than its \$85\.75"):
        services.export_run(run=run, by=treasurer)
    run.refresh_from_db()
    assert run.status == DisbursementRun.Status.DRAFT


def test_only_a_deposit_sent_to_the_vendor_can_fail(
    logan: Facility, fund: Account, processor: Account, bank: Account, treasurer: User
) -> None:
    give(processor, fund, 100_000)
    make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    with pytest.raises(SupportError, match="Only a deposit sent to the vendor can fail"):
        services.fail_line(line=run.lines.get(), failure="released", by=treasurer)

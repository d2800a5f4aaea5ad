"""Two organizers confirming the same deposit at the same moment post it once (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User

from callidarity.aid import services
from callidarity.aid.models import DisbursementLine, Facility
from callidarity.core.money import Money
from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Account, Transaction
from callidarity.ledger.selectors import balance
from callidarity.ledger.services import post
from tests.concurrency import run_in_threads

from .conftest import WEEK, give, make_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_confirmation_sent_twice_at_once_posts_once(
    processor: Account, bank: Account, fund: Account
) -> None:
    logan = Facility.objects.create(
        name="Logan (test)", agency="idoc", city="Lincoln", zip_code="62656"
    )
    treasurer = User.objects.create_user("tess", is_staff=True)
    give(processor, fund, 100_000)
    for _ in range(3):
        make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    services.export_run(run=run, by=treasurer)
    line = run.lines.order_by("pk").first()
    assert line is not None

    def confirm() -> str:
        services.confirm_line(line=line, confirmation_number="VP-77", by=treasurer)
        return "ok"

    outcomes = run_in_threads([confirm] * 8)

    assert outcomes == ["ok"] * 8  # the same number again is not an error, and posts nothing
    deposits = Transaction.objects.filter(kind=Transaction.Kind.DISBURSEMENT)
    assert list(deposits.values_list("idempotency_key", flat=True)) == [f"aid.deposit:{line.pk}"]
    assert not Transaction.objects.filter(kind=Transaction.Kind.VENDOR_FEE).exists()  # no vendor
    assert DisbursementLine.objects.get(pk=line.pk).status == DisbursementLine.Status.CONFIRMED
    assert balance(fund).cents == 100_000 - line.amount_cents
    assert find_violations() == []


def test_confirming_every_line_at_once_never_overdraws(
    processor: Account, bank: Account, fund: Account
) -> None:
    logan = Facility.objects.create(
        name="Logan (test)", agency="idoc", city="Lincoln", zip_code="62656"
    )
    treasurer = User.objects.create_user("tess", is_staff=True)
    give(processor, fund, 10 * 2000)
    for _ in range(10):
        make_member(logan, fund)
    run = services.propose_run(fund_account=fund, period_start=WEEK, by=treasurer)
    services.export_run(run=run, by=treasurer)
    lines = list(run.lines.order_by("pk"))
    assert len(lines) == 10
    # Meanwhile $50 leaves the fund, so at most 7 of the 10 weekly $20 deposits can post.
    post(
        kind=Transaction.Kind.TRANSFER,
        lines=[(fund, Money(5000, "USD")), (bank, Money(-5000, "USD"))],
        idempotency_key="move-out",
    )
    targets = iter(lines)
    lock = threading.Lock()

    def confirm_next() -> str:
        with lock:
            line = next(targets)
        services.confirm_line(line=line, confirmation_number=f"VP-{line.pk}", by=treasurer)
        return "ok"

    outcomes = run_in_threads([confirm_next] * 10)
    assert outcomes.count("ok") == 7
    assert len([o for o in outcomes if "no longer holds enough" in o]) == 3
    assert balance(fund).cents == 10 * 2000 - 5000 - 7 * 2000
    assert find_violations() == []

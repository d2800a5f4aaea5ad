"""post(), reverse() and open_account(): the only writers of the ledger."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import transaction as db_transaction

from callidarity.core.money import Money
from callidarity.ledger.checks import find_violations
from callidarity.ledger.exceptions import (
    InsufficientFunds,
    InvalidPosting,
    LedgerError,
    UnbalancedTransaction,
)
from callidarity.ledger.models import Account, Entry, Transaction
from callidarity.ledger.selectors import balance, totals_by_kind
from callidarity.ledger.services import open_account, post, reverse

pytestmark = pytest.mark.django_db


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def snapshot() -> tuple[int, int, dict[str, int]]:
    """Return (transactions, entries, raw balance by account code) to prove nothing changed."""
    balances = dict(Account.objects.values_list("code", "balance_cents"))
    return Transaction.objects.count(), Entry.objects.count(), balances


def gift(processor: Account, fund: Account, cents: int, key: str = "gift-1") -> Transaction:
    return post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, usd(cents)), (fund, usd(-cents))],
        idempotency_key=key,
    )


def raw(account: Account) -> int:
    return Account.objects.get(pk=account.pk).balance_cents


# post(): balanced postings


def test_a_two_line_gift_updates_both_balances_exactly(processor: Account, fund: Account) -> None:
    txn = gift(processor, fund, 2500)

    assert raw(processor) == 2500
    assert raw(fund) == -2500
    assert balance(fund) == usd(2500)
    assert balance(processor) == usd(2500)
    assert txn.kind == "gift"
    assert txn.idempotency_key == "gift-1"
    assert txn.reverses is None
    entries = list(
        txn.entries.order_by("pk").values_list("account__code", "amount_cents", "currency")
    )
    assert entries == [("assets:processor", 2500, "USD"), ("fund:test", -2500, "USD")]
    assert find_violations() == []


def test_a_three_line_posting_splits_one_gift_between_funds(
    processor: Account, fund: Account
) -> None:
    general = Account.objects.get(code="fund:general")
    txn = post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, usd(10_000)), (fund, usd(-7_501)), (general, usd(-2_499))],
        idempotency_key="split",
        memo="Split gift",
    )

    assert txn.entries.count() == 3
    assert txn.memo == "Split gift"
    assert balance(processor) == usd(10_000)
    assert balance(fund) == usd(7_501)
    assert balance(general) == usd(2_499)
    assert find_violations() == []


def test_postings_accumulate_and_a_fund_may_be_spent_to_exactly_zero(
    processor: Account, bank: Account, fund: Account
) -> None:
    gift(processor, fund, 2500, key="g1")
    gift(processor, fund, 1500, key="g2")
    post(
        kind=Transaction.Kind.PROCESSOR_FEE,
        lines=[(fund, usd(146)), (processor, usd(-146))],
        idempotency_key="fee",
    )
    post(
        kind=Transaction.Kind.DISBURSEMENT,
        lines=[(fund, usd(3854)), (bank, usd(-3854))],
        idempotency_key="out",
    )

    assert balance(fund) == usd(0)
    assert balance(processor) == usd(3854)
    assert balance(bank) == usd(-3854)
    assert find_violations() == []


def test_the_same_account_on_two_lines_nets_its_delta(processor: Account, fund: Account) -> None:
    gift(processor, fund, 1000)
    post(
        kind=Transaction.Kind.ADJUSTMENT,
        lines=[(fund, usd(300)), (fund, usd(-100)), (processor, usd(-200))],
        idempotency_key="adj",
    )
    assert raw(fund) == -800
    assert raw(processor) == 800
    assert find_violations() == []


def test_a_long_memo_is_cut_to_the_column(processor: Account, fund: Account) -> None:
    txn = post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, usd(1)), (fund, usd(-1))],
        idempotency_key="memo",
        memo="x" * 400,
    )
    assert Transaction.objects.get(pk=txn.pk).memo == "x" * 300


def test_the_returned_transaction_is_the_stored_row(processor: Account, fund: Account) -> None:
    when = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
    txn = post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, usd(700)), (fund, usd(-700))],
        idempotency_key="stored",
        memo="A gift",
        occurred_at=when,
    )

    stored = Transaction.objects.get(pk=txn.pk)
    fields = ("kind", "idempotency_key", "memo", "occurred_at", "created_at", "reverses_id")
    assert [getattr(txn, f) for f in fields] == [getattr(stored, f) for f in fields]
    assert stored.occurred_at == when
    assert not txn._state.adding
    assert list(txn.entries.order_by("pk").values_list("account_id", "amount_cents")) == [
        (processor.pk, 700),
        (fund.pk, -700),
    ]


def test_a_repeated_key_inside_a_callers_transaction_leaves_it_usable(
    processor: Account, bank: Account, fund: Account
) -> None:
    first = gift(processor, fund, 2500, key="pi_outer")
    with db_transaction.atomic():
        again = post(
            kind=Transaction.Kind.OFFLINE_GIFT,
            lines=[(bank, usd(100)), (fund, usd(-100))],
            idempotency_key="pi_outer",
        )
        later = gift(processor, fund, 100, key="pi_later")

    assert again.pk == first.pk
    assert Transaction.objects.filter(pk=later.pk).exists()
    assert raw(fund) == -2600
    assert find_violations() == []


# post(): refusals write nothing


@pytest.mark.parametrize(
    ("case", "error", "message"),
    [
        ("one line", InvalidPosting, "A transaction needs at least two lines."),
        ("no lines", InvalidPosting, "A transaction needs at least two lines."),
        ("zero line", InvalidPosting, "A line cannot be zero."),
        ("mixed money", InvalidPosting, "All lines and their accounts must share one currency."),
        ("mixed accounts", InvalidPosting, "All lines and their accounts must share one currency."),
        ("unbalanced", UnbalancedTransaction, "Lines sum to 100 cents, not zero."),
        ("unknown kind", InvalidPosting, "Unknown transaction kind 'bribe'."),
        ("empty key", InvalidPosting, "An idempotency key is required."),
        ("unsaved account", InvalidPosting, "Every line needs a saved account."),
        ("missing account", InvalidPosting, "A line names an account that does not exist."),
    ],
)
def test_malformed_postings_are_refused_with_nothing_written(
    processor: Account, fund: Account, case: str, error: type[LedgerError], message: str
) -> None:
    gift(processor, fund, 5000, key="before")
    cad_fund = open_account(code="fund:cad", name="CAD", kind=Account.Kind.FUND, currency="CAD")
    good = [(processor, usd(100)), (fund, usd(-100))]
    kwargs: dict[str, Any] = {"kind": Transaction.Kind.TRANSFER, "idempotency_key": case}
    if case == "one line":
        kwargs["lines"] = good[:1]
    elif case == "no lines":
        kwargs["lines"] = []
    elif case == "zero line":
        kwargs["lines"] = [*good, (Account.objects.get(code="fund:general"), usd(0))]
    elif case == "mixed money":
        kwargs["lines"] = [(processor, usd(100)), (fund, Money(-100, "CAD"))]
    elif case == "mixed accounts":
        kwargs["lines"] = [(processor, usd(100)), (cad_fund, usd(-100))]
    elif case == "unbalanced":
        kwargs["lines"] = [(processor, usd(200)), (fund, usd(-100))]
    elif case == "unknown kind":
        kwargs.update(lines=good, kind="bribe")
    elif case == "empty key":
        kwargs.update(lines=good, idempotency_key="")
    elif case == "unsaved account":
        ghost = Account(code="fund:ghost", name="Ghost", kind=Account.Kind.FUND)
        kwargs["lines"] = [(processor, usd(100)), (ghost, usd(-100))]
    elif case == "missing account":
        ghost = Account(pk=10**9, code="fund:ghost", name="Ghost", kind=Account.Kind.FUND)
        kwargs["lines"] = [(processor, usd(100)), (ghost, usd(-100))]
    before = snapshot()

    with pytest.raises(error) as excinfo:
        post(**kwargs)

    assert str(excinfo.value) == message
    assert snapshot() == before


def test_overdrawing_a_fund_is_refused_with_nothing_written(
    processor: Account, bank: Account, fund: Account
) -> None:
    gift(processor, fund, 1000)
    before = snapshot()

    with pytest.raises(InsufficientFunds) as excinfo:
        post(
            kind=Transaction.Kind.DISBURSEMENT,
            lines=[(fund, usd(1001)), (bank, usd(-1001))],
            idempotency_key="too-much",
        )

    assert excinfo.value.account_code == "fund:test"
    assert excinfo.value.balance_cents == 1000
    assert excinfo.value.needed_cents == 1001
    assert str(excinfo.value) == "fund:test holds 1000 cents; the posting needs 1001."
    assert snapshot() == before
    assert not Transaction.objects.filter(idempotency_key="too-much").exists()


def test_an_empty_fund_cannot_pay_a_fee(processor: Account, fund: Account) -> None:
    before = snapshot()
    with pytest.raises(InsufficientFunds):
        post(
            kind=Transaction.Kind.PROCESSOR_FEE,
            lines=[(fund, usd(1)), (processor, usd(-1))],
            idempotency_key="fee",
        )
    assert snapshot() == before


def test_a_transfer_is_refused_when_the_source_fund_is_short(
    processor: Account, fund: Account
) -> None:
    general = Account.objects.get(code="fund:general")
    gift(processor, fund, 500)
    before = snapshot()
    with pytest.raises(InsufficientFunds) as excinfo:
        post(
            kind=Transaction.Kind.TRANSFER,
            lines=[(fund, usd(600)), (general, usd(-600))],
            idempotency_key="transfer",
        )
    assert excinfo.value.account_code == "fund:test"
    assert snapshot() == before


# post(): idempotency


def test_a_repeated_key_returns_the_first_transaction_and_writes_nothing(
    processor: Account, bank: Account, fund: Account
) -> None:
    first = gift(processor, fund, 2500, key="pi_123")
    before = snapshot()

    again = gift(processor, fund, 2500, key="pi_123")
    different = post(
        kind=Transaction.Kind.OFFLINE_GIFT,
        lines=[(bank, usd(9_999)), (fund, usd(-9_999))],
        idempotency_key="pi_123",
    )

    assert again.pk == first.pk
    assert different.pk == first.pk
    assert different.kind == "gift"
    assert snapshot() == before
    assert balance(fund) == usd(2500)


def test_a_repeated_key_is_returned_even_when_the_fund_is_now_empty(
    processor: Account, bank: Account, fund: Account
) -> None:
    gift(processor, fund, 1000)
    spend = post(
        kind=Transaction.Kind.DISBURSEMENT,
        lines=[(fund, usd(1000)), (bank, usd(-1000))],
        idempotency_key="spend",
    )
    before = snapshot()
    again = post(
        kind=Transaction.Kind.DISBURSEMENT,
        lines=[(fund, usd(1000)), (bank, usd(-1000))],
        idempotency_key="spend",
    )
    assert again.pk == spend.pk
    assert snapshot() == before


# reverse()


def test_a_full_reversal_of_a_gift_as_a_refund_restores_every_balance(
    processor: Account, fund: Account
) -> None:
    original = gift(processor, fund, 2500)

    refund = reverse(original, idempotency_key="refund-1", kind=Transaction.Kind.REFUND)

    assert refund.kind == "refund"
    assert refund.reverses_id == original.pk
    assert refund.memo == f"Reverses #{original.pk}"
    entries = list(refund.entries.order_by("pk").values_list("account__code", "amount_cents"))
    assert entries == [("assets:processor", -2500), ("fund:test", 2500)]
    assert balance(fund) == usd(0)
    assert balance(processor) == usd(0)
    assert list(original.reversals.all()) == [refund]
    assert find_violations() == []


def test_a_reversal_keeps_the_originals_kind_by_default(processor: Account, fund: Account) -> None:
    original = gift(processor, fund, 700)
    undo = reverse(original, idempotency_key="undo", memo="Posted twice")
    assert undo.kind == "gift"
    assert undo.memo == "Posted twice"


def test_partial_reversals_add_up_to_the_original_and_no_further(
    processor: Account, fund: Account
) -> None:
    original = gift(processor, fund, 2500)

    first = reverse(original, idempotency_key="r1", kind="refund", amount=usd(1000))
    assert balance(fund) == usd(1500)
    assert balance(processor) == usd(1500)
    assert list(first.entries.order_by("pk").values_list("account__code", "amount_cents")) == [
        ("fund:test", 1000),
        ("assets:processor", -1000),
    ]
    reverse(original, idempotency_key="r2", kind="refund", amount=usd(1500))
    assert balance(fund) == usd(0)
    before = snapshot()

    with pytest.raises(LedgerError) as excinfo:
        reverse(original, idempotency_key="r3", kind="refund", amount=usd(1))
    assert type(excinfo.value) is LedgerError
    assert str(excinfo.value) == "Reversals would exceed the original transaction."
    with pytest.raises(LedgerError):
        reverse(original, idempotency_key="r4", kind="refund")
    assert snapshot() == before
    assert find_violations() == []


def test_a_full_reversal_after_a_partial_one_is_refused(processor: Account, fund: Account) -> None:
    original = gift(processor, fund, 2500)
    reverse(original, idempotency_key="r1", kind="refund", amount=usd(1))
    before = snapshot()
    with pytest.raises(LedgerError, match="exceed"):
        reverse(original, idempotency_key="r2", kind="refund")
    assert snapshot() == before


def test_a_partial_reversal_larger_than_the_original_is_refused(
    processor: Account, fund: Account
) -> None:
    original = gift(processor, fund, 2500)
    gift(processor, fund, 10_000, key="other")  # the fund could pay it; the cap still holds
    before = snapshot()
    with pytest.raises(LedgerError, match="exceed"):
        reverse(original, idempotency_key="r1", kind="refund", amount=usd(2501))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (usd(0), "A partial reversal needs a positive amount in its currency."),
        (usd(-5), "A partial reversal needs a positive amount in its currency."),
        (Money(100, "CAD"), "A partial reversal needs a positive amount in its currency."),
    ],
)
def test_a_partial_reversal_needs_a_positive_amount_in_the_currency(
    processor: Account, fund: Account, amount: Money, message: str
) -> None:
    original = gift(processor, fund, 2500)
    before = snapshot()
    with pytest.raises(InvalidPosting) as excinfo:
        reverse(original, idempotency_key="r", amount=amount)
    assert str(excinfo.value) == message
    assert snapshot() == before


def test_only_a_two_line_transaction_can_be_reversed_in_part(
    processor: Account, fund: Account
) -> None:
    general = Account.objects.get(code="fund:general")
    split = post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, usd(300)), (fund, usd(-200)), (general, usd(-100))],
        idempotency_key="split",
    )
    before = snapshot()
    with pytest.raises(InvalidPosting) as excinfo:
        reverse(split, idempotency_key="r", amount=usd(50))
    assert str(excinfo.value) == "Only a two-line transaction can be reversed in part."
    assert snapshot() == before

    reverse(split, idempotency_key="full", kind="refund")
    assert balance(fund) == usd(0)
    assert balance(general) == usd(0)
    assert balance(processor) == usd(0)


def test_a_refund_cannot_overdraw_a_fund_that_already_spent_the_gift(
    processor: Account, bank: Account, fund: Account
) -> None:
    original = gift(processor, fund, 2500)
    post(
        kind=Transaction.Kind.DISBURSEMENT,
        lines=[(fund, usd(2000)), (bank, usd(-2000))],
        idempotency_key="spend",
    )
    before = snapshot()
    with pytest.raises(InsufficientFunds):
        reverse(original, idempotency_key="refund", kind="refund")
    assert snapshot() == before

    reverse(original, idempotency_key="refund-part", kind="refund", amount=usd(500))
    assert balance(fund) == usd(0)


def test_a_repeated_reversal_key_returns_the_first_reversal(
    processor: Account, fund: Account
) -> None:
    original = gift(processor, fund, 2500)
    first = reverse(original, idempotency_key="refund", kind="refund", amount=usd(100))
    before = snapshot()
    again = reverse(original, idempotency_key="refund", kind="refund", amount=usd(100))
    assert again.pk == first.pk
    assert snapshot() == before


# selectors


def test_balance_reads_the_normal_side_by_account_or_pk(
    processor: Account, bank: Account, fund: Account
) -> None:
    gift(processor, fund, 2500)
    post(
        kind=Transaction.Kind.PAYOUT,
        lines=[(bank, usd(4000)), (processor, usd(-4000))],
        idempotency_key="payout",
    )
    assert balance(fund) == usd(2500)
    assert balance(fund.pk) == usd(2500)
    assert balance(bank) == usd(4000)
    assert balance(processor) == usd(-1500)
    # `balance` reads the row, not the caller's stale instance.
    assert fund.balance_cents == 0


def test_balance_keeps_the_accounts_currency() -> None:
    cad = open_account(code="fund:cad", name="CAD", kind=Account.Kind.FUND, currency="CAD")
    assert balance(cad) == Money(0, "CAD")


def test_totals_by_kind_sums_a_funds_entries_by_transaction_kind(
    processor: Account, bank: Account, fund: Account
) -> None:
    assert totals_by_kind(fund) == {}
    g1 = gift(processor, fund, 2500, key="g1")
    gift(processor, fund, 1000, key="g2")
    post(
        kind=Transaction.Kind.OFFLINE_GIFT,
        lines=[(bank, usd(5000)), (fund, usd(-5000))],
        idempotency_key="cash",
    )
    post(
        kind=Transaction.Kind.PROCESSOR_FEE,
        lines=[(fund, usd(103)), (processor, usd(-103))],
        idempotency_key="fee",
    )
    reverse(g1, idempotency_key="refund", kind="refund", amount=usd(700))

    assert totals_by_kind(fund) == {
        "gift": -3500,
        "offline_gift": -5000,
        "processor_fee": 103,
        "refund": 700,
    }
    assert sum(totals_by_kind(fund).values()) == raw(fund)
    assert totals_by_kind(processor) == {"gift": 3500, "processor_fee": -103, "refund": -700}


# open_account()


def test_open_account_creates_once_and_returns_the_same_row() -> None:
    first = open_account(code="fund:phones", name="Phones", kind=Account.Kind.FUND)
    second = open_account(code="fund:phones", name="Another name", kind=Account.Kind.FUND)
    assert second.pk == first.pk
    assert second.name == "Phones"
    assert (first.kind, first.currency, first.balance_cents) == ("fund", "USD", 0)
    assert Account.objects.filter(code="fund:phones").count() == 1


@pytest.mark.parametrize(
    ("kind", "currency", "message"),
    [
        ("asset", "USD", "Account fund:phones exists with another kind or currency."),
        ("fund", "CAD", "Account fund:phones exists with another kind or currency."),
        ("expense", "USD", "Unknown account kind 'expense'."),
    ],
)
def test_open_account_refuses_a_conflicting_or_unknown_kind(
    kind: str, currency: str, message: str
) -> None:
    open_account(code="fund:phones", name="Phones", kind=Account.Kind.FUND)
    count = Account.objects.count()
    with pytest.raises(InvalidPosting) as excinfo:
        open_account(code="fund:phones", name="Phones", kind=kind, currency=currency)
    assert str(excinfo.value) == message
    assert Account.objects.count() == count
    assert Account.objects.get(code="fund:phones").kind == "fund"


def test_the_standard_accounts_exist_after_migrating() -> None:
    assert dict(Account.objects.values_list("code", "kind")) == {
        "assets:bank": "asset",
        "assets:cash": "asset",
        "assets:processor": "asset",
        "fund:general": "fund",
    }

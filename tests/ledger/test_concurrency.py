"""Concurrent posters on PostgreSQL: no double spend, no double post, no deadlock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from callidarity.core.money import Money
from callidarity.ledger.checks import find_violations
from callidarity.ledger.exceptions import InsufficientFunds
from callidarity.ledger.models import Account, Entry, Transaction
from callidarity.ledger.selectors import balance
from callidarity.ledger.services import open_account, post
from tests.concurrency import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def test_twenty_spenders_cannot_take_more_than_the_fund_holds(
    processor: Account, bank: Account, fund: Account
) -> None:
    post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, usd(10_000)), (fund, usd(-10_000))],
        idempotency_key="gift",
    )

    def spend(n: int) -> Callable[[], str]:
        def target() -> str:
            try:
                post(
                    kind=Transaction.Kind.DISBURSEMENT,
                    lines=[(fund, usd(1_000)), (bank, usd(-1_000))],
                    idempotency_key=f"spend-{n}",
                )
            except InsufficientFunds:
                return "refused"
            return "posted"

        return target

    results = run_in_threads([spend(n) for n in range(20)])

    assert Counter(results) == {"posted": 10, "refused": 10}
    assert balance(fund) == usd(0)
    assert balance(bank) == usd(-10_000)
    assert Transaction.objects.filter(kind=Transaction.Kind.DISBURSEMENT).count() == 10
    assert find_violations() == []


def test_twenty_posters_with_one_key_make_one_transaction(
    processor: Account, fund: Account
) -> None:
    def gift() -> str:
        txn = post(
            kind=Transaction.Kind.GIFT,
            lines=[(processor, usd(2_500)), (fund, usd(-2_500))],
            idempotency_key="pi_same",
        )
        return str(txn.pk)

    results = run_in_threads([gift for _ in range(20)])

    assert Transaction.objects.count() == 1
    assert Entry.objects.count() == 2
    assert set(results) == {str(Transaction.objects.get().pk)}
    assert balance(fund) == usd(2_500)
    assert find_violations() == []


def test_posters_with_one_key_on_different_accounts_make_one_transaction(
    processor: Account, bank: Account, fund: Account
) -> None:
    # They lock different rows, so the key's unique index is what serializes them: the
    # later ones wait for the first insert, then return its transaction without an error.
    def gift(n: int) -> Callable[[], str]:
        asset = processor if n % 2 else bank

        def target() -> str:
            txn = post(
                kind=Transaction.Kind.GIFT,
                lines=[(asset, usd(2_500)), (fund, usd(-2_500))],
                idempotency_key="pi_shared",
            )
            return str(txn.pk)

        return target

    results = run_in_threads([gift(n) for n in range(20)])

    txn = Transaction.objects.get()
    assert set(results) == {str(txn.pk)}
    assert Entry.objects.count() == 2
    assert balance(fund) == usd(2_500)
    assert balance(processor).cents + balance(bank).cents == 2_500
    assert find_violations() == []


def test_posters_in_opposite_account_orders_never_deadlock(processor: Account) -> None:
    a = open_account(code="fund:a", name="A", kind=Account.Kind.FUND)
    b = open_account(code="fund:b", name="B", kind=Account.Kind.FUND)
    post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, usd(20_000)), (a, usd(-10_000)), (b, usd(-10_000))],
        idempotency_key="seed",
    )

    def transfers(n: int) -> Callable[[], str]:
        # Half the threads list a first, half list b first, each moving money both ways.
        first, second = (a, b) if n % 2 else (b, a)

        def target() -> str:
            for step in range(5):
                post(
                    kind=Transaction.Kind.TRANSFER,
                    lines=[(first, usd(100)), (second, usd(-100))],
                    idempotency_key=f"t-{n}-{step}-out",
                )
                post(
                    kind=Transaction.Kind.TRANSFER,
                    lines=[(second, usd(100)), (first, usd(-100))],
                    idempotency_key=f"t-{n}-{step}-back",
                )
            return "ok"

        return target

    results = run_in_threads([transfers(n) for n in range(16)])

    assert results == ["ok"] * 16
    assert Transaction.objects.filter(kind=Transaction.Kind.TRANSFER).count() == 16 * 10
    assert balance(a) == usd(10_000)
    assert balance(b) == usd(10_000)
    assert find_violations() == []

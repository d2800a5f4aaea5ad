"""The only writers of the ledger: `post()` and `reverse()`, plus opening accounts."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.core.money import Money

from .exceptions import InsufficientFunds, InvalidPosting, LedgerError, UnbalancedTransaction
from .models import Account, Transaction

logger = logging.getLogger(__name__)

Line = tuple[Account, Money]


def open_account(*, code: str, name: str, kind: str, currency: str = "USD") -> Account:
    """Return the account with this code, creating it if it does not exist yet."""
    if kind not in Account.Kind.values:
        raise InvalidPosting(f"Unknown account kind {kind!r}.")
    account, _created = Account.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "currency": currency}
    )
    if account.kind != kind or account.currency != currency:
        raise InvalidPosting(f"Account {code} exists with another kind or currency.")
    return account


def _validate(lines: Sequence[Line]) -> str:
    if len(lines) < 2:
        raise InvalidPosting("A transaction needs at least two lines.")
    currencies = {money.currency for _account, money in lines}
    currencies |= {account.currency for account, _money in lines}
    if len(currencies) != 1:
        raise InvalidPosting("All lines and their accounts must share one currency.")
    if any(money.cents == 0 for _account, money in lines):
        raise InvalidPosting("A line cannot be zero.")
    if any(account.pk is None for account, _money in lines):
        raise InvalidPosting("Every line needs a saved account.")
    total = sum(money.cents for _account, money in lines)
    if total != 0:
        raise UnbalancedTransaction(f"Lines sum to {total} cents, not zero.")
    return currencies.pop()


def post(
    *,
    kind: str,
    lines: Sequence[Line],
    idempotency_key: str,
    memo: str = "",
    occurred_at: datetime | None = None,
    reverses: Transaction | None = None,
) -> Transaction:
    """Post a balanced transaction atomically and return it.

    Each line is (account, signed amount): debit positive, credit negative. A repeated
    `idempotency_key` returns the transaction first posted under it and writes nothing.
    Refuses (writing nothing) fewer than two lines, zero lines, mixed currencies, a
    non-zero sum, and any posting that would take a fund below zero.
    """
    if kind not in Transaction.Kind.values:
        raise InvalidPosting(f"Unknown transaction kind {kind!r}.")
    if not idempotency_key:
        raise InvalidPosting("An idempotency key is required.")
    currency = _validate(lines)

    deltas: dict[int, int] = defaultdict(int)
    for account, money in lines:
        deltas[account.pk] += money.cents

    # No savepoint (each costs two round trips): nothing inside raises after a write, and
    # a refusal is raised only after the block, having written nothing, so a caller's
    # transaction stays usable and the caller may catch it and go on.
    with db_transaction.atomic(savepoint=False):
        outcome = _post_locked(
            kind, lines, deltas, idempotency_key, memo, occurred_at, reverses, currency
        )
    if isinstance(outcome, LedgerError):
        raise outcome
    txn = outcome
    logger.debug(
        "ledger.posted",
        extra={"transaction_id": txn.pk, "kind": kind, "lines": len(lines)},
    )
    return txn


# _post_locked() speaks SQL directly: it runs for every gift, and building an ORM statement
# costs three to four times the statement's own round trip (bench/webhooks.py). The SQL is
# the same on PostgreSQL and SQLite (3.35+ for RETURNING); only the row locks differ.
# tests/ledger covers it, including the hypothesis properties and the concurrency tests.


def _post_locked(
    kind: str,
    lines: Sequence[Line],
    deltas: dict[int, int],
    idempotency_key: str,
    memo: str,
    occurred_at: datetime | None,
    reverses: Transaction | None,
    currency: str,
) -> Transaction | LedgerError:
    """Under the accounts' locks: return the key's transaction, a refusal, or a new posting."""
    connection = db_transaction.get_connection()
    ops = connection.ops
    pks = sorted(deltas)
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        # Lock every touched account in pk order before reading balances or the key, so
        # concurrent posters queue instead of deadlocking or spending the same dollar. On
        # SQLite (no row locks) the IMMEDIATE transaction already serializes writers.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(
            f"SELECT id, code, kind, balance_cents FROM ledger_account "  # noqa: S608 (only placeholders)
            f"WHERE id IN ({marks}) ORDER BY id{lock}",
            pks,
        )
        locked = cursor.fetchall()
        if len(locked) != len(pks):
            return InvalidPosting("A line names an account that does not exist.")
        for pk, code, account_kind, balance_cents in locked:
            # A fund is credit-normal: its raw balance is <= 0 while it holds money.
            if account_kind == Account.Kind.FUND and balance_cents + deltas[pk] > 0:
                # A repeated key still returns its transaction, whatever the balance now.
                existing = Transaction.objects.filter(idempotency_key=idempotency_key).first()
                return existing or InsufficientFunds(code, -balance_cents, deltas[pk])

        # A poster of the same key locks the same accounts, so it has committed or not
        # started; one that locked other accounts and committed first makes this insert
        # wait for it and then do nothing, instead of failing (no IntegrityError to
        # recover from, so a caller's transaction stays usable).
        txn = Transaction(
            kind=kind,
            idempotency_key=idempotency_key,
            memo=memo[:300],
            occurred_at=occurred_at or timezone.now(),
            created_at=timezone.now(),
            reverses=reverses,
        )
        cursor.execute(
            "INSERT INTO ledger_transaction "
            "(kind, idempotency_key, memo, occurred_at, created_at, reverses_id) "
            "VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            [
                txn.kind,
                txn.idempotency_key,
                txn.memo,
                ops.adapt_datetimefield_value(txn.occurred_at),
                ops.adapt_datetimefield_value(txn.created_at),
                txn.reverses_id,
            ],
        )
        inserted = cursor.fetchone()
        if inserted is None:
            return Transaction.objects.get(idempotency_key=idempotency_key)
        txn.pk = inserted[0]
        txn._state.adding = False
        txn._state.db = connection.alias

        rows = ", ".join(["(%s, %s, %s, %s)"] * len(lines))
        cursor.execute(
            "INSERT INTO ledger_entry (transaction_id, account_id, amount_cents, currency) "  # noqa: S608 (only placeholders)
            f"VALUES {rows}",
            [v for account, money in lines for v in (txn.pk, account.pk, money.cents, currency)],
        )
        # One statement for every balance: each account moves by its own delta.
        cases = " ".join(["WHEN %s THEN %s"] * len(pks))
        cursor.execute(
            f"UPDATE ledger_account SET balance_cents = balance_cents + CASE id {cases} END "  # noqa: S608 (only placeholders)
            f"WHERE id IN ({marks})",
            [*(v for pk in pks for v in (pk, deltas[pk])), *pks],
        )
    return txn


def reverse(
    original: Transaction,
    *,
    idempotency_key: str,
    kind: str | None = None,
    amount: Money | None = None,
    memo: str = "",
    occurred_at: datetime | None = None,
) -> Transaction:
    """Post a transaction that undoes `original`, wholly or (for two lines) in part.

    The reversal's kind defaults to the original's (a gift is reversed by a `refund`
    when the caller says so). The reversals of a transaction never exceed it.
    """
    entries = list(original.entries.select_related("account").order_by("pk"))
    if amount is None:
        lines: list[Line] = [(e.account, Money(-e.amount_cents, e.currency)) for e in entries]
    else:
        if len(entries) != 2:
            raise InvalidPosting("Only a two-line transaction can be reversed in part.")
        debit = next(e for e in entries if e.amount_cents > 0)
        credit = next(e for e in entries if e.amount_cents < 0)
        if amount.currency != debit.currency or amount.cents <= 0:
            raise InvalidPosting("A partial reversal needs a positive amount in its currency.")
        lines = [
            (credit.account, Money(amount.cents, amount.currency)),
            (debit.account, Money(-amount.cents, amount.currency)),
        ]
    size = sum(abs(e.amount_cents) for e in entries) // 2
    wanted = sum(abs(m.cents) for _a, m in lines) // 2
    with db_transaction.atomic():
        # Serialize reversals of the same transaction: lock the original's row.
        Transaction.objects.select_for_update().filter(pk=original.pk).first()
        existing = Transaction.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
        already = sum(
            sum(abs(e.amount_cents) for e in r.entries.all()) // 2
            for r in original.reversals.prefetch_related("entries")
        )
        if already + wanted > size:
            raise LedgerError("Reversals would exceed the original transaction.")
        return post(
            kind=kind or original.kind,
            lines=lines,
            idempotency_key=idempotency_key,
            memo=memo or f"Reverses #{original.pk}",
            occurred_at=occurred_at,
            reverses=original,
        )

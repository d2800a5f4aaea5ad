"""Random sequences of postings and reversals never break the ledger's invariants."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import pytest
from django.db import transaction as db_transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from callidarity.core.money import Money
from callidarity.ledger.checks import find_violations
from callidarity.ledger.exceptions import InsufficientFunds, InvalidPosting, LedgerError
from callidarity.ledger.models import Account, Entry, Transaction
from callidarity.ledger.services import open_account, post, reverse

pytestmark = pytest.mark.django_db

FUNDS = ("fund:a", "fund:b", "fund:c")
PROCESSOR, BANK = "assets:processor", "assets:bank"

fund_index = st.integers(min_value=0, max_value=len(FUNDS) - 1)
amount = st.integers(min_value=1, max_value=50_000)
# Mostly small spends, so some succeed and leave room for later overdraft attempts.
spend = st.integers(min_value=1, max_value=3_000) | amount


class Op(NamedTuple):
    """One step: `name` picks the posting; funds by index; cents and pick as it needs them."""

    name: str
    i: int = 0
    j: int = 0
    cents: int = 0
    pick: int = 0  # which earlier transaction to reverse or replay (modulo how many)
    partial: int | None = None  # reverse only this many cents; None reverses it all


ZERO, NONE = st.just(0), st.none()


def op(
    name: str,
    i: st.SearchStrategy[int] = ZERO,
    j: st.SearchStrategy[int] = ZERO,
    cents: st.SearchStrategy[int] = ZERO,
    pick: st.SearchStrategy[int] = ZERO,
    partial: st.SearchStrategy[int | None] = NONE,
) -> st.SearchStrategy[Op]:
    # Every field is given: st.builds would otherwise invent values for defaulted fields.
    return st.builds(Op, st.just(name), i=i, j=j, cents=cents, pick=pick, partial=partial)


operation = st.one_of(
    op("gift", i=fund_index, cents=amount),
    op("split", i=fund_index, j=fund_index, cents=st.integers(2, 50_000)),
    op("fee", i=fund_index, cents=spend),
    op("disburse", i=fund_index, cents=spend),
    op("transfer", i=fund_index, j=fund_index, cents=spend),
    op("reverse", pick=st.integers(0, 1000), partial=st.none() | spend),
    op("replay", pick=st.integers(0, 1000)),
)


class _Rollback(Exception):
    """Raised at the end of an example so its writes never reach the next one."""


@dataclass
class Posted:
    pk: int
    key: str
    lines: list[tuple[str, int]]
    reversed_cents: int = 0

    @property
    def size(self) -> int:
        return sum(abs(cents) for _code, cents in self.lines) // 2


@dataclass
class Model:
    """What the ledger should hold: raw balances by code and every posted transaction."""

    raw: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    posted: list[Posted] = field(default_factory=list)

    def overdraws(self, lines: list[tuple[str, int]]) -> bool:
        deltas: dict[str, int] = defaultdict(int)
        for code, cents in lines:
            deltas[code] += cents
        return any(
            code.startswith("fund:") and self.raw[code] + delta > 0
            for code, delta in deltas.items()
        )

    def apply(self, pk: int, key: str, lines: list[tuple[str, int]]) -> Posted:
        for code, cents in lines:
            self.raw[code] += cents
        entry = Posted(pk, key, lines)
        self.posted.append(entry)
        return entry


def snapshot() -> tuple[int, int, dict[str, int]]:
    balances = dict(Account.objects.values_list("code", "balance_cents"))
    return Transaction.objects.count(), Entry.objects.count(), balances


def lines_for(op: Op) -> tuple[str, list[tuple[str, int]]]:
    """Return the transaction kind and (code, signed cents) lines for a posting operation."""
    a, b, cents = FUNDS[op.i], FUNDS[op.j], op.cents
    if op.name == "gift":
        return "gift", [(PROCESSOR, cents), (a, -cents)]
    if op.name == "split":
        half = cents // 2
        return "gift", [(PROCESSOR, cents), (a, -half), (b, half - cents)]
    if op.name == "fee":
        return "processor_fee", [(a, cents), (PROCESSOR, -cents)]
    if op.name == "disburse":
        return "disbursement", [(a, cents), (BANK, -cents)]
    return "transfer", [(a, cents), (b, -cents)]


def check_invariants(model: Model) -> None:
    stored = dict(Account.objects.values_list("code", "balance_cents"))
    sums = dict(
        Entry.objects.values_list("account__code").annotate(total=Sum("amount_cents")).order_by()
    )
    for code, balance_cents in stored.items():
        assert balance_cents == (sums.get(code) or 0), code
        assert balance_cents == model.raw[code], code
        if code.startswith("fund:"):
            assert balance_cents <= 0, f"{code} is overdrawn"
    shapes = Transaction.objects.annotate(total=Sum("entries__amount_cents"), n=Count("entries"))
    for pk, total, lines in shapes.values_list("pk", "total", "n"):
        assert total == 0, pk
        assert lines >= 2, pk
    assert Transaction.objects.count() == len(model.posted)
    assert find_violations() == []


def run(ops: list[Op], note: Callable[[str], None] = lambda _text: None) -> None:
    accounts = {code: Account.objects.get(code=code) for code in (PROCESSOR, BANK)}
    for code in FUNDS:
        accounts[code] = open_account(code=code, name=code, kind=Account.Kind.FUND)
    model = Model()

    for step, op in enumerate(ops):
        key = f"op-{step}"
        before = snapshot()
        if op.name == "replay":
            if not model.posted:
                continue
            first = model.posted[op.pick % len(model.posted)]
            # Any lines at all: the key alone decides, and nothing is written.
            again = post(
                kind="gift",
                lines=[
                    (accounts[PROCESSOR], Money(1, "USD")),
                    (accounts[FUNDS[0]], Money(-1, "USD")),
                ],
                idempotency_key=first.key,
            )
            assert again.pk == first.pk
            assert snapshot() == before
            note("replay: returned the first")

        elif op.name == "reverse":
            if not model.posted:
                continue
            original = model.posted[op.pick % len(model.posted)]
            partial = op.partial
            if partial is None:
                lines = [(code, -cents) for code, cents in original.lines]
            else:
                debit = next(code for code, cents in original.lines if cents > 0)
                credit = next(code for code, cents in original.lines if cents < 0)
                lines = [(credit, partial), (debit, -partial)]
            wanted = sum(abs(cents) for _code, cents in lines) // 2
            expected: type[LedgerError] | None = None
            if partial is not None and len(original.lines) != 2:
                expected = InvalidPosting
            elif original.reversed_cents + wanted > original.size:
                expected = LedgerError
            elif model.overdraws(lines):
                expected = InsufficientFunds
            txn = Transaction.objects.get(pk=original.pk)
            amount_arg = None if partial is None else Money(partial, "USD")
            note(f"reverse: {expected.__name__ if expected else 'posted'}")
            if expected is None:
                reversal = reverse(txn, idempotency_key=key, kind="refund", amount=amount_arg)
                assert reversal.reverses_id == original.pk
                model.apply(reversal.pk, key, lines)
                original.reversed_cents += wanted
            else:
                with pytest.raises(LedgerError) as excinfo:
                    reverse(txn, idempotency_key=key, kind="refund", amount=amount_arg)
                assert type(excinfo.value) is expected
                assert snapshot() == before

        else:
            kind, lines = lines_for(op)
            money_lines = [(accounts[code], Money(cents, "USD")) for code, cents in lines]
            note(f"{op.name}: {'refused' if model.overdraws(lines) else 'posted'}")
            if model.overdraws(lines):
                with pytest.raises(InsufficientFunds):
                    post(kind=kind, lines=money_lines, idempotency_key=key)
                assert snapshot() == before
            else:
                txn = post(kind=kind, lines=money_lines, idempotency_key=key)
                model.apply(txn.pk, key, lines)

        check_invariants(model)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=3, max_size=30))
def test_random_postings_keep_every_invariant(ops: list[Op]) -> None:
    with contextlib.suppress(_Rollback), db_transaction.atomic():
        run(ops, note=event)
        raise _Rollback


def test_each_example_starts_from_an_empty_ledger() -> None:
    # The property test relies on rolling each example back; prove the rollback works.
    with contextlib.suppress(_Rollback), db_transaction.atomic():
        run([Op("gift", i=0, cents=500), Op("disburse", i=0, cents=200)])
        assert Transaction.objects.count() == 2
        raise _Rollback
    assert Transaction.objects.count() == 0
    assert not Account.objects.filter(code__in=FUNDS).exists()
    assert set(Account.objects.values_list("balance_cents", flat=True)) == {0}

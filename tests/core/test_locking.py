"""Row locks taken in primary-key order."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, connections
from django.db import transaction as db_transaction

from callidarity.core.locking import lock_in_pk_order
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account


@pytest.mark.django_db
def test_returns_the_rows_by_pk_in_ascending_order() -> None:
    a = open_account(code="fund:a", name="A", kind=Account.Kind.FUND)
    b = open_account(code="fund:b", name="B", kind=Account.Kind.FUND)
    c = open_account(code="fund:c", name="C", kind=Account.Kind.FUND)
    with db_transaction.atomic():
        locked = lock_in_pk_order(Account.objects.all(), [c.pk, a.pk, c.pk, b.pk])
    assert list(locked) == sorted([a.pk, b.pk, c.pk])
    assert {pk: row.code for pk, row in locked.items()} == {
        a.pk: "fund:a",
        b.pk: "fund:b",
        c.pk: "fund:c",
    }


@pytest.mark.django_db
def test_missing_pks_are_left_out_and_the_queryset_filter_is_kept() -> None:
    a = open_account(code="fund:a", name="A", kind=Account.Kind.FUND)
    bank = Account.objects.get(code="assets:bank")
    with db_transaction.atomic():
        locked = lock_in_pk_order(
            Account.objects.filter(kind=Account.Kind.FUND), [a.pk, bank.pk, 10**9]
        )
    assert list(locked) == [a.pk]
    with db_transaction.atomic():
        assert lock_in_pk_order(Account.objects.all(), []) == {}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_locked_row_cannot_be_locked_by_another_connection_until_commit() -> None:
    account = open_account(code="fund:a", name="A", kind=Account.Kind.FUND)
    outcome: list[str] = []

    def try_lock() -> None:
        try:
            with db_transaction.atomic():
                list(Account.objects.select_for_update(nowait=True).filter(pk=account.pk))
            outcome.append("locked")
        except DatabaseError:
            outcome.append("refused")
        finally:
            connections.close_all()

    with db_transaction.atomic():
        lock_in_pk_order(Account.objects.all(), [account.pk])
        assert connection.in_atomic_block
        worker = threading.Thread(target=try_lock)
        worker.start()
        worker.join(timeout=30)
    worker = threading.Thread(target=try_lock)
    worker.start()
    worker.join(timeout=30)
    assert outcome == ["refused", "locked"]

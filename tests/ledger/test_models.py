"""The ledger's rows are append-only, in Python and in the database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection
from django.db import transaction as db_transaction
from django.db.models import ProtectedError

from callidarity.core.money import Money
from callidarity.ledger.exceptions import ImmutableEntry
from callidarity.ledger.models import Account, Entry, Transaction

pytestmark = pytest.mark.django_db


def entry_rows() -> list[tuple[int, int, int, int, str]]:
    return list(
        Entry.objects.order_by("pk").values_list(
            "pk", "transaction_id", "account_id", "amount_cents", "currency"
        )
    )


def test_saving_an_existing_entry_is_refused(gift: Transaction) -> None:
    before = entry_rows()
    entry = gift.entries.get(amount_cents=2500)
    entry.amount_cents = 9999
    with pytest.raises(ImmutableEntry, match="append-only"):
        entry.save()
    assert entry_rows() == before


def test_deleting_an_entry_is_refused(gift: Transaction) -> None:
    before = entry_rows()
    with pytest.raises(ImmutableEntry):
        gift.entries.first().delete()  # type: ignore[union-attr]
    assert entry_rows() == before


def test_queryset_update_and_delete_of_entries_are_refused(gift: Transaction) -> None:
    before = entry_rows()
    with pytest.raises(ImmutableEntry):
        Entry.objects.filter(transaction=gift).update(amount_cents=1)
    with pytest.raises(ImmutableEntry):
        Entry.objects.all().delete()
    with pytest.raises(ImmutableEntry):
        gift.entries.all().delete()
    assert entry_rows() == before


def test_deleting_a_transaction_is_refused(gift: Transaction) -> None:
    with pytest.raises(ImmutableEntry, match="post a reversal"):
        gift.delete()
    with pytest.raises(ImmutableEntry):
        Transaction.objects.filter(pk=gift.pk).delete()
    assert Transaction.objects.filter(pk=gift.pk).exists()
    assert Entry.objects.filter(transaction=gift).count() == 2


def test_the_database_refuses_a_raw_update_of_an_entry(gift: Transaction) -> None:
    before = entry_rows()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        db_transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE ledger_entry SET amount_cents = 1 WHERE transaction_id = %s", [gift.pk]
        )
    assert entry_rows() == before


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_delete_of_an_entry(gift: Transaction) -> None:
    # SQLite keeps no delete trigger: Django's flush empties tables with DELETE there.
    before = entry_rows()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        db_transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM ledger_entry WHERE transaction_id = %s", [gift.pk])
    assert entry_rows() == before


def test_the_database_refuses_a_raw_update_of_a_transaction(gift: Transaction) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        db_transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE ledger_transaction SET kind = 'refund' WHERE id = %s", [gift.pk])
    gift.refresh_from_db()
    assert gift.kind == "gift"


def test_changing_a_transaction_through_the_orm_is_refused(gift: Transaction) -> None:
    with pytest.raises(ImmutableEntry):
        Transaction.objects.filter(pk=gift.pk).update(kind="refund")
    gift.memo = "edited"
    with pytest.raises(ImmutableEntry):
        gift.save()
    gift.refresh_from_db()
    assert (gift.kind, gift.memo) == ("gift", "")


def test_the_database_refuses_a_zero_entry(gift: Transaction, fund: Account) -> None:
    before = entry_rows()
    with pytest.raises(IntegrityError), db_transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_entry (transaction_id, account_id, amount_cents, currency) "
            "VALUES (%s, %s, 0, 'USD')",
            [gift.pk, fund.pk],
        )
    assert entry_rows() == before


def test_an_account_with_entries_cannot_be_deleted(gift: Transaction, fund: Account) -> None:
    with pytest.raises(ProtectedError):
        fund.delete()
    assert Account.objects.filter(pk=fund.pk).exists()


def test_account_normal_balance_and_str(fund: Account, processor: Account) -> None:
    assert str(fund) == "fund:test"
    assert fund.is_fund is True
    assert processor.is_fund is False
    assert Account(kind=Account.Kind.FUND, balance_cents=-1234).normal_balance == Money(1234, "USD")
    assert Account(kind=Account.Kind.ASSET, balance_cents=-1234).normal_balance == Money(
        -1234, "USD"
    )
    assert Account(kind=Account.Kind.FUND, currency="CAD", balance_cents=-5).normal_balance == (
        Money(5, "CAD")
    )


def test_transaction_and_entry_str(gift: Transaction, processor: Account) -> None:
    assert str(gift) == f"gift #{gift.pk}"
    assert str(gift.entries.get(account=processor)) == f"{processor.pk} +2500"

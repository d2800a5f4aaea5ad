"""find_violations() and `verify_ledger` catch a ledger broken behind post()'s back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Account, Transaction

pytestmark = pytest.mark.django_db


def raw_sql(sql: str, params: list[Any]) -> None:
    # Entries refuse UPDATE/DELETE (a DB trigger), so broken states are built by INSERT,
    # and balances by UPDATE on ledger_account, both behind post()'s back.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def raw_transaction(key: str, kind: str = "adjustment") -> int:
    raw_sql(
        "INSERT INTO ledger_transaction (kind, idempotency_key, memo, occurred_at, created_at) "
        "VALUES (%s, %s, '', %s, %s)",
        [kind, key, timezone.now(), timezone.now()],
    )
    return Transaction.objects.get(idempotency_key=key).pk


def raw_entry(txn_id: int, account: Account, cents: int, currency: str = "USD") -> None:
    raw_sql(
        "INSERT INTO ledger_entry (transaction_id, account_id, amount_cents, currency) "
        "VALUES (%s, %s, %s, %s)",
        [txn_id, account.pk, cents, currency],
    )


def raw_add_to_balance(account: Account, cents: int) -> None:
    raw_sql(
        "UPDATE ledger_account SET balance_cents = balance_cents + %s WHERE id = %s",
        [cents, account.pk],
    )


def run_verify() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_ledger", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_ledger_written_by_post_has_no_violations(gift: Transaction) -> None:
    assert find_violations() == []


def test_an_empty_ledger_has_no_violations() -> None:
    assert find_violations() == []


def test_a_tampered_balance_is_reported(gift: Transaction, fund: Account) -> None:
    raw_add_to_balance(fund, -100)
    assert find_violations() == ["account fund:test: stored balance -2600 != sum of entries -2500"]


def test_an_unbalanced_transaction_is_reported(processor: Account, gift: Transaction) -> None:
    txn_id = raw_transaction("lopsided")
    raw_entry(txn_id, processor, 500)
    raw_add_to_balance(processor, 500)  # keep the stored balance honest: one problem only
    assert find_violations() == [f"transaction #{txn_id} (adjustment): 1 lines summing to 500"]


def test_a_two_line_transaction_that_does_not_sum_to_zero_is_reported(
    processor: Account, bank: Account
) -> None:
    txn_id = raw_transaction("off-by-one")
    raw_entry(txn_id, processor, 500)
    raw_entry(txn_id, bank, -499)
    raw_add_to_balance(processor, 500)
    raw_add_to_balance(bank, -499)
    assert find_violations() == [f"transaction #{txn_id} (adjustment): 2 lines summing to 1"]


def test_a_transaction_without_entries_is_reported(gift: Transaction) -> None:
    txn_id = raw_transaction("empty", kind="transfer")
    assert find_violations() == [f"transaction #{txn_id} (transfer): 0 lines summing to 0"]


def test_an_overdrawn_fund_is_reported(processor: Account, fund: Account) -> None:
    txn_id = raw_transaction("overdraw", kind="disbursement")
    raw_entry(txn_id, fund, 300)
    raw_entry(txn_id, processor, -300)
    raw_add_to_balance(fund, 300)
    raw_add_to_balance(processor, -300)
    assert find_violations() == ["account fund:test: fund is overdrawn by 300 cents"]


def test_entries_in_a_currency_other_than_their_accounts_are_reported(
    processor: Account, bank: Account
) -> None:
    txn_id = raw_transaction("mixed")
    raw_entry(txn_id, processor, 100, "USD")
    raw_entry(txn_id, bank, -100, "CAD")
    raw_add_to_balance(processor, 100)
    raw_add_to_balance(bank, -100)
    problems = find_violations()
    assert len(problems) == 2
    assert problems[0].startswith("entry #")
    assert problems[0].endswith(f"of transaction #{txn_id}: currency differs from its account")
    assert problems[1] == f"transaction #{txn_id}: mixes currencies"


def test_verify_ledger_exits_zero_on_a_good_ledger(gift: Transaction) -> None:
    out, err = run_verify()
    accounts = Account.objects.count()
    assert out == f"Ledger OK: {accounts} accounts, 1 transactions, 2 entries.\n"
    assert err == ""


def test_verify_ledger_fails_on_a_tampered_balance(gift: Transaction, fund: Account) -> None:
    raw_sql("UPDATE ledger_account SET balance_cents = 0 WHERE id = %s", [fund.pk])
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_ledger", stdout=io.StringIO(), stderr=err)
    assert str(excinfo.value) == "The ledger has 1 violation(s)."
    assert err.getvalue() == "account fund:test: stored balance 0 != sum of entries -2500\n"


def test_verify_ledger_fails_on_an_unbalanced_transaction(
    processor: Account, gift: Transaction
) -> None:
    txn_id = raw_transaction("lopsided")
    raw_entry(txn_id, processor, 500)
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_ledger", stdout=io.StringIO(), stderr=err)
    assert str(excinfo.value) == "The ledger has 2 violation(s)."
    assert err.getvalue().splitlines() == [
        "account assets:processor: stored balance 2500 != sum of entries 3000",
        f"transaction #{txn_id} (adjustment): 1 lines summing to 500",
    ]


def test_verify_ledger_exits_non_zero_from_the_command_line(
    gift: Transaction, fund: Account
) -> None:
    raw_add_to_balance(fund, 1)
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_ledger", stdout=io.StringIO(), stderr=io.StringIO())
    # BaseCommand.run_from_argv turns a CommandError into this exit status.
    assert excinfo.value.returncode == 1

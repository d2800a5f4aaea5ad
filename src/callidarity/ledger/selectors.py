"""Reads of the ledger: balances (O(1)) and sums by kind for reports."""

from __future__ import annotations

from django.db.models import Sum

from callidarity.core.money import Money

from .models import Account, Entry


def get_account(code: str) -> Account:
    """Return the account with this code (Account.DoesNotExist if none)."""
    return Account.objects.get(code=code)


def balance(account: Account | int) -> Money:
    """Return the account's balance on its normal side, read from one row."""
    pk = account.pk if isinstance(account, Account) else account
    row = Account.objects.only("kind", "currency", "balance_cents").get(pk=pk)
    return row.normal_balance


def totals_by_kind(account: Account) -> dict[str, int]:
    """Return the account's entries summed by transaction kind (raw signed cents)."""
    rows = (
        Entry.objects.filter(account=account)
        .values_list("transaction__kind")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    return {kind: int(total) for kind, total in rows}

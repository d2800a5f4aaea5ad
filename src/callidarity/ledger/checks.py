"""Recompute the ledger from its entries and report every broken invariant."""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum

from .models import Account, Entry, Transaction


def find_violations() -> list[str]:
    """Return one line per violation; an empty list means the ledger is consistent."""
    problems: list[str] = []
    sums = dict(
        Entry.objects.values_list("account_id").annotate(total=Sum("amount_cents")).order_by()
    )
    for account in Account.objects.order_by("pk").iterator():
        actual = int(sums.get(account.pk) or 0)
        if actual != account.balance_cents:
            problems.append(
                f"account {account.code}: stored balance {account.balance_cents} "
                f"!= sum of entries {actual}"
            )
        if account.is_fund and actual > 0:
            problems.append(f"account {account.code}: fund is overdrawn by {actual} cents")

    unbalanced = (
        Transaction.objects.annotate(total=Sum("entries__amount_cents"), lines=Count("entries"))
        .filter(Q(lines__lt=2) | ~Q(total=0) | Q(total__isnull=True))
        .values_list("pk", "kind", "total", "lines")
    )
    for pk, kind, total, lines in unbalanced.iterator():
        problems.append(f"transaction #{pk} ({kind}): {lines} lines summing to {total or 0}")

    mixed = Entry.objects.exclude(currency=F("account__currency")).values_list(
        "pk", "transaction_id"
    )
    for pk, txn_id in mixed.iterator():
        problems.append(f"entry #{pk} of transaction #{txn_id}: currency differs from its account")
    mixed_txn = (
        Entry.objects.values("transaction_id")
        .annotate(currencies=Count("currency", distinct=True))
        .filter(currencies__gt=1)
        .values_list("transaction_id", flat=True)
    )
    for txn_id in mixed_txn.iterator():
        problems.append(f"transaction #{txn_id}: mixes currencies")
    return problems

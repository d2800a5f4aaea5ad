"""`callidarity verify_ledger`: recompute balances and transaction sums; fail on a violation."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Account, Entry, Transaction


class Command(BaseCommand):
    help = "Recompute every balance and transaction sum; exit non-zero on any violation."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = find_violations()
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"The ledger has {len(problems)} violation(s).")
        self.stdout.write(
            f"Ledger OK: {Account.objects.count()} accounts, "
            f"{Transaction.objects.count()} transactions, {Entry.objects.count()} entries."
        )

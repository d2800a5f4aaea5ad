"""Balance reads must not slow down as history grows: 1,000 entries against 1,000,000.

    DATABASE_URL=postgres://… uv run python bench/ledger_balance.py [--smoke] [--reps N]

Migrates the database DATABASE_URL names (it must be a throw-away one: the script refuses a
ledger that already holds transactions; without DATABASE_URL it uses a temporary SQLite
file), opens two funds, and gives one SMALL and the other LARGE entries (1,000 and 1,000,000;
100 and 10,000 with --smoke). It then times `ledger.selectors.balance(account)` on each,
interleaved, and prints both medians and their ratio (goal ≤ 1.2).

The history is bulk-loaded with set-based SQL (`generate_series` on PostgreSQL, a recursive
CTE on SQLite): balanced gift pairs, each a credit to the fund and a debit to its own asset
account, then `balance_cents` set to the sum of the entries. That is benchmark setup only,
never a product write path: the product writes the ledger through `ledger.services.post()`.
The resulting ledger is checked with `find_violations()` in smoke mode and, at full size,
by recomputing the two funds' balances from their entries.
A benchmark, not a test: it prints figures and fails only when the setup is wrong.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.2


def configure_django() -> None:
    """Set development defaults (before settings load) and set Django up."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callidarity.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("CACHE_URL", "locmem://")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    scratch = Path(tempfile.mkdtemp(prefix="callidarity-bench-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    # Development keys and uploads in the scratch folder, never in the checkout's var/.
    os.environ.setdefault("CALLIDARITY_VAR_DIR", str(scratch))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()


def bulk_load(fund_id: int, asset_id: int, count: int, prefix: str) -> None:
    """Append `count` balanced gifts (fund credited, asset debited) with set-based SQL."""
    from django.db import connection
    from django.db import transaction as db_transaction

    with db_transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                WITH txn AS (
                    INSERT INTO ledger_transaction
                        (kind, idempotency_key, memo, occurred_at, created_at)
                    SELECT 'gift', %s || g, '', now() - make_interval(secs => g), now()
                    FROM generate_series(1, %s) AS g
                    RETURNING id
                )
                INSERT INTO ledger_entry (transaction_id, account_id, amount_cents, currency)
                SELECT txn.id, side.account_id, side.sign * (txn.id %% 997 + 1), 'USD'
                FROM txn CROSS JOIN (VALUES (%s, -1), (%s, 1)) AS side(account_id, sign)
                """,
                [prefix, count, fund_id, asset_id],
            )
        else:
            # SQLite has no generate_series or INSERT … RETURNING in a CTE: number the rows
            # with a recursive CTE and give the transactions explicit ids past the highest.
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_transaction")
            base = cursor.fetchone()[0]
            cursor.execute(
                """
                WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s)
                INSERT INTO ledger_transaction
                    (id, kind, idempotency_key, memo, occurred_at, created_at)
                SELECT %s + n, 'gift', %s || n, '', datetime('now'), datetime('now') FROM g
                """,
                [count, base, prefix],
            )
            for account_id, sign in ((fund_id, -1), (asset_id, 1)):
                cursor.execute(
                    """
                    INSERT INTO ledger_entry (transaction_id, account_id, amount_cents, currency)
                    SELECT id, %s, %s * (id %% 997 + 1), 'USD' FROM ledger_transaction
                    WHERE id > %s AND id <= %s
                    """,
                    [account_id, sign, base, base + count],
                )
        cursor.execute(
            """
            UPDATE ledger_account SET balance_cents = (
                SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entry
                WHERE ledger_entry.account_id = ledger_account.id
            )
            WHERE id IN (%s, %s)
            """,
            [fund_id, asset_id],
        )


def median_read_ms(account_ids: list[int], reps: int) -> dict[int, float]:
    """Time balance() on each account, interleaved so drift hits both; return medians in ms."""
    from callidarity.ledger.selectors import balance

    samples: dict[int, list[float]] = {pk: [] for pk in account_ids}
    for pk in account_ids:  # warm the connection, the plan and the caches
        for _ in range(50):
            balance(pk)
    for _ in range(reps):
        for pk in account_ids:
            start = time.perf_counter_ns()
            balance(pk)
            samples[pk].append((time.perf_counter_ns() - start) / 1e6)
    return {pk: statistics.median(values) for pk, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="100 and 10,000 entries")
    parser.add_argument("--reps", type=int, default=None, help="timed reads per account")
    args = parser.parse_args()
    small, large = (100, 10_000) if args.smoke else (1_000, 1_000_000)
    reps = args.reps or (500 if args.smoke else 3_000)

    configure_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from callidarity.ledger.checks import find_violations
    from callidarity.ledger.models import Account, Entry, Transaction
    from callidarity.ledger.services import open_account

    call_command("migrate", interactive=False, verbosity=0)
    if Transaction.objects.exists():
        print("The ledger already holds transactions: point DATABASE_URL at a throw-away one.")
        return 2
    # DEBUG=1 keeps every query in memory; the timed loop must not pay for that.
    settings.DEBUG = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    else:
        import sqlite3

        version = sqlite3.sqlite_version
    print(f"database: {connection.vendor} {version}")

    started = time.perf_counter()
    funds = {}
    for label, count in (("small", small), ("large", large)):
        fund = open_account(code=f"fund:bench-{label}", name=label, kind=Account.Kind.FUND)
        asset = open_account(code=f"assets:bench-{label}", name=label, kind=Account.Kind.ASSET)
        bulk_load(fund.pk, asset.pk, count, prefix=f"bench-{label}-")
        funds[count] = fund
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ledger_account, ledger_transaction, ledger_entry")
    print(
        f"setup (bulk SQL, not a product path): {small:,} + {large:,} gifts, "
        f"{Entry.objects.count():,} entries in {time.perf_counter() - started:.1f} s"
    )

    for count, fund in funds.items():
        entries = Entry.objects.filter(account=fund)
        have = entries.count()
        total = entries.aggregate(total=Sum("amount_cents"))["total"]
        stored = Account.objects.get(pk=fund.pk).balance_cents
        if have != count or total != stored or stored >= 0:
            print(f"setup is wrong for {fund.code}: {have} entries, sum {total}, stored {stored}")
            return 1
    if args.smoke:
        problems = find_violations()
        if problems:
            print("ledger violations:", *problems, sep="\n  ")
            return 1
        print("ledger check: find_violations() == []")

    medians = median_read_ms([funds[small].pk, funds[large].pk], reps)
    small_ms, large_ms = medians[funds[small].pk], medians[funds[large].pk]
    print(f"balance read @{small:,} entries: {small_ms:.3f} ms (median of {reps:,})")
    print(f"balance read @{large:,} entries: {large_ms:.3f} ms (median of {reps:,})")
    ratio = large_ms / small_ms
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"ratio: {ratio:.2f} (goal ≤ {GOAL}; {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

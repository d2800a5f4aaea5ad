"""Done-when: the export of 100,000 ledger entries streams in constant memory."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from callidarity.ledger.models import Account, Entry, Transaction

from .test_views import URL, lines

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime(2026, 6, 15, 12, 0))
RANGE = {"report": "entries", "start": "2026-06-01", "end": "2026-06-30"}


def _add_entries(count: int, fund: Account, bank: Account, first: int) -> None:
    """Write `count` entries (count/2 two-line gifts) straight to the tables, for speed.

    bulk_create skips post()'s balance upkeep, which this test does not read; the
    ledger's triggers refuse only UPDATE and DELETE.
    """
    txns = Transaction.objects.bulk_create(
        Transaction(
            kind=Transaction.Kind.OFFLINE_GIFT,
            idempotency_key=f"bulk:{first + n}",
            memo=f"Check {first + n}",
            occurred_at=WHEN,
        )
        for n in range(count // 2)
    )
    Entry.objects.bulk_create(
        (
            entry
            for txn in txns
            for entry in (
                Entry(transaction=txn, account=bank, amount_cents=1234, currency="USD"),
                Entry(transaction=txn, account=fund, amount_cents=-1234, currency="USD"),
            )
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        # Rows written inside the test's transaction are invisible to autovacuum, so the
        # planner would take the tables for empty and may pick a plan that reads the
        # entries once per transaction (minutes, not seconds). A live database has stats.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ledger_transaction, ledger_entry")


def _stream(client: Client) -> tuple[int, int, int]:
    """Consume the export as a client would; return (rows, sum of cents, peak bytes)."""
    rows = total = 0
    # From the request on, so rows read before the first byte is sent count as well.
    tracemalloc.start()
    try:
        response = client.get(URL, RANGE)
        assert response.status_code == 200
        reader = csv.reader(lines(response.streaming_content))  # type: ignore[attr-defined]
        header = next(reader)
        cents_at = header.index("amount_cents")
        for row in reader:
            rows += 1
            total += int(row[cents_at])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rows, total, peak


def test_100k_entries_stream_in_constant_memory(
    admin_client: Client, fund: Account, bank: Account
) -> None:
    _add_entries(10_000, fund, bank, first=0)
    rows_10k, total_10k, peak_10k = _stream(admin_client)
    _add_entries(90_000, fund, bank, first=10_000)
    rows_100k, total_100k, peak_100k = _stream(admin_client)

    # Shown with `pytest -s`; measured at about 2.3 MB for both.
    print(f"\npeak while streaming: 10k entries {peak_10k:,} B, 100k entries {peak_100k:,} B")
    assert (rows_10k, total_10k) == (10_000, 0)
    assert (rows_100k, total_100k) == (100_000, 0)
    # Bounded, and not growing with the number of rows (10x the rows, about the same peak).
    assert peak_100k < 5_000_000
    assert peak_100k < peak_10k * 1.5 + 500_000

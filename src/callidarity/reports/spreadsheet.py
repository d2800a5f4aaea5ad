"""CSV that opens cleanly in a spreadsheet, written a batch of rows at a time.

Excel reads UTF-8 only after a byte-order mark; amounts are plain decimals (a number in
any locale's spreadsheet) beside exact integer cents; dates are ISO 8601. A text cell that
a spreadsheet would take for a formula (=, +, -, @, tab, CR) gets a leading apostrophe,
so a donor's name or a memo can never run as one (CSV injection). Numbers are not
touched: a refund's "-25.00" stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import timezone

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows per chunk sent to the client: big enough to keep the socket busy, small enough
# that memory stays flat whatever the number of rows.
ROWS_PER_CHUNK = 500

Cell = str | int | Decimal | date | None


def safe_text(value: str) -> str:
    """Return text a spreadsheet shows as text, never evaluates as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def dollars(cents: int) -> Decimal:
    """Return cents as an exact decimal with two places: 1234 → 12.34, -5 → -0.05."""
    return Decimal(cents).scaleb(-2)


def local_date(instant: datetime) -> date:
    """Return the calendar date of an instant in the site's time zone."""
    return timezone.localtime(instant).date()


def utc_iso(instant: datetime) -> str:
    """Return an instant as ISO 8601 in UTC, to the second: 2026-11-22T14:05:09Z."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cell(value: Cell) -> str | int | Decimal:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """Yield the CSV text (BOM, header, rows) in chunks of whole rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_cell(value) for value in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()

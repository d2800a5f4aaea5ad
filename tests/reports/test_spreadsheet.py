"""CSV cells a spreadsheet reads as intended: text stays text, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pytest_django import Settings

from callidarity.reports import spreadsheet
from callidarity.reports.spreadsheet import csv_chunks, dollars, local_date, safe_text, utc_iso


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 312 555 0100", "'+1 312 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Rosa Díaz", "Rosa Díaz"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_looks_like_a_formula_gets_an_apostrophe(text: str, shown: str) -> None:
    assert safe_text(text) == shown


@pytest.mark.parametrize(
    ("cents", "text"),
    [(0, "0.00"), (5, "0.05"), (-5, "-0.05"), (1234, "12.34"), (-250_000, "-2500.00")],
)
def test_dollars_always_have_two_decimals(cents: int, text: str) -> None:
    assert str(dollars(cents)) == text
    assert dollars(cents) * 100 == cents


def test_instants_are_iso_dates_locally_and_seconds_in_utc(settings: Settings) -> None:
    settings.TIME_ZONE = "America/Chicago"
    instant = datetime(2026, 3, 1, 4, 30, 15, 999, tzinfo=UTC)  # 22:30 on Feb 28 in Chicago

    assert local_date(instant) == date(2026, 2, 28)
    assert utc_iso(instant.astimezone(ZoneInfo("America/Chicago"))) == "2026-03-01T04:30:15Z"


def test_chunks_hold_whole_rows_and_parse_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "ROWS_PER_CHUNK", 2)
    rows = [
        ("-negative memo", -1250, dollars(-1250), date(2026, 1, 2), None),
        ('Ana, "la jefa"\nsecond line', 5, dollars(5), date(2026, 1, 3), "x"),
        ("=1+1", 0, dollars(0), date(2026, 1, 4), ""),
    ]

    chunks = list(csv_chunks(("memo", "cents", "amount", "date", "extra"), rows))

    assert len(chunks) == 2
    assert chunks[0].startswith("\ufeffmemo,cents,amount,date,extra\r\n")
    assert all(chunk.endswith("\r\n") for chunk in chunks)
    parsed = list(csv.reader(io.StringIO("".join(chunks).removeprefix("\ufeff"))))
    assert parsed == [
        ["memo", "cents", "amount", "date", "extra"],
        ["'-negative memo", "-1250", "-12.50", "2026-01-02", ""],
        ['Ana, "la jefa"\nsecond line', "5", "0.05", "2026-01-03", "x"],
        ["'=1+1", "0", "0.00", "2026-01-04", ""],
    ]
    assert sum(Decimal(row[2]) for row in parsed[1:]) == Decimal("-12.45")

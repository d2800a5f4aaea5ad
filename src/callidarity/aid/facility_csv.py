"""Read facilities from CSV (the shipped Illinois list and `callidarity import_facilities`).

One row per facility; the deposit vendor's fee tiers ride along on each row as
`up_to_cents:fee_cents` pairs separated by semicolons ("3000:350;10000:575"), so one file
carries everything. Every problem is reported with its line number, and nothing is loaded
from a file that has any.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

AGENCIES = ("idoc", "cook_county", "ice", "other")
REQUIRED = ("name", "agency", "city", "zip_code")
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


class FacilityCsvError(ValueError):
    """The file has problems; `problems` lists each with its line number."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class FacilityRow:
    """One facility as read from the file, ready to store."""

    values: dict[str, Any]
    vendor: str = ""
    tiers: list[tuple[int, int]] = field(default_factory=list)
    fees_checked_on: datetime.date | None = None


def _date(raw: str, column: str) -> datetime.date | None:
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{column} must be a date like 2026-11-22, not {raw!r}") from None


def _whole(raw: str, column: str) -> int | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError(f"{column} must be a whole number, not {raw!r}")
    return int(raw)


def _decimal(raw: str, column: str) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or value >= 10_000:
        raise ValueError(f"{column} must be a number like 1.25, not {raw!r}")
    return value


def parse_tiers(raw: str) -> list[tuple[int, int]]:
    """Return fee tiers from "3000:350;10000:575", checked to rise."""
    tiers: list[tuple[int, int]] = []
    for part in filter(None, (p.strip() for p in raw.split(";"))):
        up_to, _, fee = part.partition(":")
        if not (up_to.strip().isdigit() and fee.strip().isdigit()):
            raise ValueError(f"deposit_fee_tiers must look like 3000:350;10000:575, not {raw!r}")
        tiers.append((int(up_to), int(fee)))
    uppers = [up_to for up_to, _ in tiers]
    if uppers != sorted(set(uppers)) or (uppers and uppers[0] == 0):
        raise ValueError("deposit_fee_tiers must list each upper bound once, smallest first")
    return tiers


def _coordinate(raw: str, column: str, limit: int) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal(limit + 1)
    if not value.is_finite() or abs(value) > limit:
        raise ValueError(f"{column} must be a number between -{limit} and {limit}, not {raw!r}")
    return round(value, 6)


def _row(raw: dict[str, str]) -> FacilityRow:
    get = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
    missing = [name for name in REQUIRED if not get.get(name)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if get["agency"] not in AGENCIES:
        raise ValueError(f"agency must be one of {', '.join(AGENCIES)}, not {get['agency']!r}")
    if not _ZIP.match(get["zip_code"]):
        raise ValueError(f"zip_code must be 5 digits, not {get['zip_code']!r}")
    values: dict[str, Any] = {
        "agency": get["agency"],
        "street": get.get("street", ""),
        "city": get["city"],
        "state": get.get("state") or "IL",
        "zip_code": get["zip_code"],
        "latitude": _coordinate(get.get("latitude", ""), "latitude", 90),
        "longitude": _coordinate(get.get("longitude", ""), "longitude", 180),
        "phone_vendor": get.get("phone_vendor", ""),
        "call_rate_cents_per_minute": _decimal(
            get.get("call_rate_cents_per_minute", ""), "call_rate_cents_per_minute"
        ),
        "free_minutes_per_month": _whole(get.get("free_minutes_per_month", ""), "free minutes"),
        "rates_checked_on": _date(get.get("rates_checked_on", ""), "rates_checked_on"),
        "weekly_limit_cents": _whole(get.get("weekly_limit_cents", ""), "weekly_limit_cents"),
        "max_weeks_per_deposit": _whole(
            get.get("max_weeks_per_deposit", ""), "max_weeks_per_deposit"
        ),
        "limits_checked_on": _date(get.get("limits_checked_on", ""), "limits_checked_on"),
        "mailing_address_format": get.get("mailing_address_format", ""),
        "address_checked_on": _date(get.get("address_checked_on", ""), "address_checked_on"),
    }
    if values["call_rate_cents_per_minute"] is None:
        del values["call_rate_cents_per_minute"]
    if values["free_minutes_per_month"] is None:
        values["free_minutes_per_month"] = 0
    return FacilityRow(
        values={"name": get["name"], **values},
        vendor=get.get("deposit_vendor", ""),
        tiers=parse_tiers(get.get("deposit_fee_tiers", "")),
        fees_checked_on=_date(get.get("fees_checked_on", ""), "fees_checked_on"),
    )


def read_facilities(lines: Iterable[str]) -> list[FacilityRow]:
    """Return every row of the CSV, or raise FacilityCsvError listing each bad line."""
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or not set(REQUIRED) <= {f.strip() for f in reader.fieldnames}:
        raise FacilityCsvError([f"line 1: the header must include {', '.join(REQUIRED)}"])
    rows: list[FacilityRow] = []
    problems: list[str] = []
    names: set[str] = set()
    for raw in reader:
        line = reader.line_num
        try:
            row = _row(raw)
        except ValueError as error:
            problems.append(f"line {line}: {error}")
            continue
        if row.values["name"] in names:
            problems.append(f"line {line}: {row.values['name']!r} appears twice")
        names.add(row.values["name"])
        rows.append(row)
    if problems:
        raise FacilityCsvError(problems)
    return rows


def apply_rows(
    rows: list[FacilityRow], *, facility_model: Any, vendor_model: Any, tier_model: Any
) -> tuple[int, int]:
    """Create or update each facility (by name) and its vendor's tiers; return the counts.

    Takes the model classes so the data migration can pass its historical ones.
    """
    created = updated = 0
    for row in rows:
        vendor = None
        if row.vendor:
            vendor, _ = vendor_model.objects.get_or_create(name=row.vendor)
            if row.tiers:
                tier_model.objects.filter(vendor=vendor).delete()
                tier_model.objects.bulk_create(
                    tier_model(vendor=vendor, up_to_cents=up_to, fee_cents=fee)
                    for up_to, fee in row.tiers
                )
            if row.fees_checked_on:
                vendor.fees_checked_on = row.fees_checked_on
                vendor.save(update_fields=["fees_checked_on"])
        values = {k: v for k, v in row.values.items() if k != "name"}
        _, was_created = facility_model.objects.update_or_create(
            name=row.values["name"], defaults={**values, "deposit_vendor": vendor}
        )
        created += was_created
        updated += not was_created
    return created, updated

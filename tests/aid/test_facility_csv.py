"""Facilities from CSV: the shipped Illinois list, and clear errors for bad files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from callidarity.aid.facility_csv import FacilityCsvError, parse_tiers, read_facilities
from tests.conftest import SHIPPED_CSV

HEADER = "name,agency,city,zip_code,call_rate_cents_per_minute,deposit_vendor,deposit_fee_tiers\n"


def test_the_shipped_list_reads_with_gtl_fees_for_idoc() -> None:
    with SHIPPED_CSV.open(newline="") as handle:
        rows = {row.values["name"]: row for row in read_facilities(handle)}
    assert set(rows) >= {
        "Logan Correctional Center",
        "Decatur Correctional Center",
        "Cook County Jail",
    }
    logan = rows["Logan Correctional Center"]
    assert logan.values["agency"] == "idoc"
    assert logan.values["zip_code"] == "62656"
    assert logan.values["longitude"] == Decimal("-89.368400")
    assert logan.vendor == "GTL (ConnectNetwork)"
    assert logan.tiers == [(3000, 350), (10000, 575), (20000, 675), (30000, 895)]
    assert rows["Cook County Jail"].values["weekly_limit_cents"] == 20000


def test_every_bad_line_is_reported_with_its_number() -> None:
    text = HEADER + (
        "Good,idoc,Lincoln,62656,1.00,,\n"
        "No agency,,Lincoln,62656,,,\n"
        "Bad agency,state,Lincoln,62656,,,\n"
        "Bad zip,idoc,Lincoln,6265,,,\n"
        "Bad rate,idoc,Lincoln,62656,cheap,,\n"
        "Bad tiers,idoc,Lincoln,62656,,GTL,10000:575;3000:350\n"
        "Good,idoc,Lincoln,62656,,,\n"
    )
    with pytest.raises(FacilityCsvError) as excinfo:
        read_facilities(text.splitlines(keepends=True))
    assert excinfo.value.problems == [
        "line 3: missing agency",
        "line 4: agency must be one of idoc, cook_county, ice, other, not 'state'",
        "line 5: zip_code must be 5 digits, not '6265'",
        "line 6: call_rate_cents_per_minute must be a number like 1.25, not 'cheap'",
        "line 7: deposit_fee_tiers must list each upper bound once, smallest first",
        "line 8: 'Good' appears twice",
    ]


def test_a_file_without_the_needed_columns_says_which() -> None:
    with pytest.raises(FacilityCsvError, match="header must include name, agency, city"):
        read_facilities(["title,town\n", "x,y\n"])


@pytest.mark.parametrize("raw", ["3000", "a:b", "3000:350;3000:400", "0:100"])
def test_malformed_tiers_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="deposit_fee_tiers"):
        parse_tiers(raw)

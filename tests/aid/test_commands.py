"""`callidarity import_facilities`: loads more facilities from CSV, or explains a bad file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from callidarity.aid.models import DepositVendor, Facility

pytestmark = pytest.mark.django_db

HEADER = (
    "name,agency,street,city,state,zip_code,call_rate_cents_per_minute,deposit_vendor,"
    "deposit_fee_tiers,fees_checked_on,max_weeks_per_deposit\n"
)


def test_new_facilities_are_added_and_known_ones_updated(tmp_path: Path) -> None:
    csv_file = tmp_path / "more.csv"
    csv_file.write_text(
        HEADER
        + "Dwight Correctional Center,idoc,,Dwight,IL,60420,0.90,JPay,2000:295;5000:495,"
        + "2026-11-01,2\n"
        + "Cook County Jail,cook_county,2700 S. California Ave.,Chicago,IL,60608,5.00,,,,\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_facilities", str(csv_file), stdout=out)
    assert out.getvalue().strip() == "1 facilities created, 1 updated"
    dwight = Facility.objects.get(name="Dwight Correctional Center")
    assert dwight.deposit_vendor is not None
    assert dwight.deposit_vendor.name == "JPay"
    assert list(dwight.deposit_vendor.tiers.values_list("up_to_cents", "fee_cents")) == [
        (2000, 295),
        (5000, 495),
    ]
    assert dwight.max_weeks_per_deposit == 2
    assert str(Facility.objects.get(name="Cook County Jail").call_rate_cents_per_minute) == "5.00"
    # Again: nothing new.
    call_command("import_facilities", str(csv_file), stdout=out)
    assert Facility.objects.filter(name="Dwight Correctional Center").count() == 1
    assert DepositVendor.objects.filter(name="JPay").count() == 1


def test_a_bad_file_names_its_lines_and_loads_nothing(tmp_path: Path) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        HEADER + "Good,idoc,,Dwight,IL,60420,,,,,\nBad,prison,,Dwight,IL,60420,,,,,\n"
    )
    before = Facility.objects.count()
    with pytest.raises(CommandError, match="line 3: agency must be one of"):
        call_command("import_facilities", str(csv_file))
    assert Facility.objects.count() == before


def test_a_missing_or_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_facilities", str(tmp_path / "nope.csv"))
    binary = tmp_path / "sheet.xlsx"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("import_facilities", str(binary))

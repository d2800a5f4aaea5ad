"""Ship the Illinois facilities the group serves (data/illinois_facilities.csv)."""

from pathlib import Path

from django.db import migrations

from callidarity.aid.facility_csv import apply_rows, read_facilities

CSV = Path(__file__).resolve().parents[1] / "data" / "illinois_facilities.csv"


def load(apps, schema_editor):
    with CSV.open(newline="", encoding="utf-8") as handle:
        rows = read_facilities(handle)
    apply_rows(
        rows,
        facility_model=apps.get_model("aid", "Facility"),
        vendor_model=apps.get_model("aid", "DepositVendor"),
        tier_model=apps.get_model("aid", "DepositFeeTier"),
    )


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""`callidarity import_bills` and `callidarity update_bill_stages`: what they print, and a
non-zero exit when a bill or file is refused."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from callidarity.legislation.models import Bill, Stage, StageChange

from .billdata import bill_json, with_passage

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_then_moves_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "hb9999.json"
    path.write_text(json.dumps(bill_json()), encoding="utf-8")

    out, _err = run("import_bills", str(path), "--publish", "--as-of", "2025-06-01")

    assert out.splitlines() == [
        "HB 9999 (104th): created, In committee",
        "1 created, 0 updated (0 moved to a new stage), 0 unchanged",
    ]
    assert Bill.objects.get().status == Bill.Status.PUBLISHED

    path.write_text(json.dumps(with_passage()), encoding="utf-8")
    out, _err = run("import_bills", str(path), "--as-of", "2025-06-01")

    assert out.splitlines() == [
        "HB 9999 (104th): moved committee → passed-one",
        "0 created, 1 updated (1 moved to a new stage), 0 unchanged",
    ]
    out, _err = run("import_bills", str(path), "--as-of", "2025-06-01")
    assert out.splitlines() == ["0 created, 0 updated (0 moved to a new stage), 1 unchanged"]


def test_the_as_of_day_decides_the_stage(tmp_path: Path) -> None:
    path = tmp_path / "hb9999.json"
    path.write_text(json.dumps(bill_json()), encoding="utf-8")

    run("import_bills", str(path), "--as-of", "2027-01-13")  # the 105th has convened

    assert Bill.objects.get().stage == Stage.DEAD


def test_a_refused_bill_exits_non_zero_and_names_the_file(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(bill_json()), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bill_json(id="ocd-bill/2", identifier="HB 2", title=None)))
    err = StringIO()

    with pytest.raises(CommandError, match=r"1 bill\(s\) or file\(s\) could not be imported"):
        call_command("import_bills", str(good), str(bad), stdout=StringIO(), stderr=err)

    assert err.getvalue().strip() == f"{bad}: HB 2 of the 104th: title is missing or not text"
    assert list(Bill.objects.values_list("identifier", flat=True)) == ["HB 9999"]


def test_a_bad_date_argument_is_refused() -> None:
    with pytest.raises(CommandError, match="--as-of: invalid"):
        call_command("import_bills", "x.json", "--as-of", "June 1")


def test_update_bill_stages_moves_what_time_moved(tmp_path: Path) -> None:
    path = tmp_path / "hb9999.json"
    path.write_text(json.dumps(bill_json()), encoding="utf-8")
    run("import_bills", str(path), "--as-of", "2025-06-01")

    out, _err = run("update_bill_stages", "--as-of", "2027-01-12")
    assert out.splitlines() == ["0 bill(s) moved."]

    out, _err = run("update_bill_stages", "--as-of", "2027-01-13")
    assert out.splitlines() == ["HB 9999 (104th): moved committee → dead", "1 bill(s) moved."]
    assert StageChange.objects.get().to_stage == Stage.DEAD

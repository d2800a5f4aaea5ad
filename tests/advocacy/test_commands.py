"""`callidarity import_officials` and `import_targets` from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from callidarity.advocacy.models import Target

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "openstates-il"


def test_import_officials_reports_what_it_did() -> None:
    out = io.StringIO()
    call_command("import_officials", str(DATA), "--on", "2026-11-22", stdout=out)
    assert out.getvalue().strip() == "179 created, 0 updated, 0 unchanged, 0 retired"
    call_command("import_officials", str(DATA), "--on", "2026-11-22", stdout=out)
    assert out.getvalue().splitlines()[-1] == "0 created, 0 updated, 179 unchanged, 0 retired"


def test_import_officials_explains_a_wrong_folder(tmp_path: Path) -> None:
    (tmp_path / "legislature").mkdir()
    (tmp_path / "legislature" / "x.yml").write_text("id: not-a-person\n")
    with pytest.raises(CommandError, match=r"x\.yml: not an OpenStates person"):
        call_command("import_officials", str(tmp_path))
    assert not Target.objects.exists()


def test_import_targets_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "targets.csv"
    path.write_text(
        "name,title,jurisdiction,chamber,district,party,email,phone,address\n"
        "Eileen O'Neill Burke,State's Attorney of Cook County,Cook County,executive,,,"
        ',312-603-1880,"69 W. Washington St., Chicago, IL 60602"\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_targets", str(path), stdout=out)
    assert out.getvalue().strip() == "1 targets created, 0 updated"
    office = Target.objects.get().offices.get()
    assert office.address == "69 W. Washington St., Chicago, IL 60602"
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_targets", str(tmp_path / "missing.csv"))


def test_import_districts_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "zip_districts.csv"
    path.write_text("zip,chamber,district\n60625,lower,040\n60625,upper,020\n")
    out = io.StringIO()
    call_command("import_districts", str(path), stdout=out)
    assert out.getvalue().strip() == "2 ZIP code and district pairs loaded"
    path.write_text("zip,chamber,district\n60625,lower,\n")
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_districts", str(path))

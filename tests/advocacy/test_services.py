"""Importing the officials of Illinois: current roles only, idempotent, retired not deleted."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from callidarity.advocacy.models import Target
from callidarity.advocacy.openstates import OpenStatesError
from callidarity.advocacy.selectors import districts_for_zip
from callidarity.advocacy.services import (
    DistrictCsvError,
    TargetCsvError,
    import_districts,
    import_manual_targets,
    import_officials,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "openstates-il"
DAY = datetime.date(2026, 11, 22)  # the day the data was taken (FACTS.md)


def _current(role: str) -> int:
    return Target.objects.filter(is_current=True, role=role).count()


def test_illinois_imports_its_current_legislators_and_statewide_officers() -> None:
    result = import_officials(DATA, on=DAY)

    assert _current("lower") == 118
    assert _current("upper") == 58
    governor = Target.objects.get(is_current=True, role="governor")
    assert governor.name == "J. B. Pritzker"
    assert governor.chamber == "executive"
    assert governor.term_ends_on == datetime.date(2027, 1, 4)
    assert governor.offices.get().phone == "217-782-6830"
    assert _current("lt_governor") == 1
    assert _current("attorney general") == 1
    # The chief election officer's role ended in 2025: not imported as current.
    assert not Target.objects.filter(role="chief election officer").exists()
    assert result.created == Target.objects.count() == 118 + 58 + 3
    ortiz = Target.objects.get(name="Aarón Ortíz")
    assert (ortiz.chamber, ortiz.district, ortiz.party) == ("lower", "1", "Democratic")
    assert [o.kind for o in ortiz.offices.all()] == ["capitol", "district"]


def test_a_second_import_changes_nothing() -> None:
    import_officials(DATA, on=DAY)
    before = list(Target.objects.values_list("pk", "updated_at").order_by("pk"))
    offices = list(Target.objects.values_list("offices__pk", flat=True).order_by("offices__pk"))

    result = import_officials(DATA, on=DAY)

    assert (result.created, result.updated, result.retired) == (0, 0, 0)
    assert result.unchanged == 179
    assert list(Target.objects.values_list("pk", "updated_at").order_by("pk")) == before
    assert (
        list(Target.objects.values_list("offices__pk", flat=True).order_by("offices__pk"))
        == offices
    )


def test_after_a_term_ends_the_official_is_retired_and_kept() -> None:
    import_officials(DATA, on=DAY)
    # The Governor's term ends on 2027-01-04; the new General Assembly sits 2027-01-13.
    result = import_officials(DATA, on=datetime.date(2027, 1, 20))
    governor = Target.objects.get(role="governor")
    assert not governor.is_current
    assert governor.retired_at is not None
    assert result.retired >= 1


def test_someone_gone_from_the_data_is_retired_and_back_when_she_returns(tmp_path: Path) -> None:
    copy = tmp_path / "il"
    shutil.copytree(DATA, copy)
    import_officials(copy, on=DAY)
    [ortiz_file] = (copy / "legislature").glob("Aaron-M-Ortiz-*.yml")
    saved = ortiz_file.read_bytes()
    ortiz_file.unlink()
    assert import_officials(copy, on=DAY).retired == 1
    assert not Target.objects.get(name="Aarón Ortíz").is_current
    ortiz_file.write_bytes(saved)
    result = import_officials(copy, on=DAY)
    assert (result.created, result.updated) == (0, 1)
    assert Target.objects.get(name="Aarón Ortíz").is_current


def test_a_folder_without_people_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OpenStatesError, match="no legislature/ or executive/"):
        import_officials(tmp_path, on=DAY)
    assert not Target.objects.exists()


def test_organizers_add_states_attorneys_by_csv() -> None:
    rows = [
        {
            "name": "Eileen O'Neill Burke",
            "title": "State's Attorney of Cook County",
            "jurisdiction": "Cook County",
            "chamber": "executive",
            "phone": "312-603-1880",
            "address": "69 W. Washington St., Chicago, IL 60602",
        }
    ]
    assert import_manual_targets(rows) == (1, 0)
    assert import_manual_targets(rows) == (0, 1)
    target = Target.objects.get()
    assert (target.display_title, target.source, target.offices.get().phone) == (
        "State's Attorney of Cook County",
        "manual",
        "312-603-1880",
    )
    with pytest.raises(TargetCsvError, match="line 2: name and title are required"):
        import_manual_targets([{"name": "No title"}])
    with pytest.raises(TargetCsvError, match="line 3: chamber must be one of"):
        import_manual_targets([rows[0], {"name": "X", "title": "Y", "chamber": "senate"}])
    assert Target.objects.count() == 1


def test_the_district_table_is_replaced_whole_and_leading_zeros_dropped() -> None:
    rows = [
        {"zip": "60625", "chamber": "lower", "district": "040"},
        {"zip": "60625", "chamber": "lower", "district": "039"},
        {"zip": "60625", "chamber": "upper", "district": "020"},
        {"zip": "62656", "chamber": "lower", "district": "088"},
        {"zip": "60611", "chamber": "lower", "district": "ZZZ"},  # water: no district
    ]
    assert import_districts(rows) == 4
    assert districts_for_zip("60625") == {"lower": ["39", "40"], "upper": ["20"]}
    assert districts_for_zip("99999") == {}
    assert districts_for_zip("60611") == {}
    assert import_districts(rows[3:]) == 1
    assert districts_for_zip("60625") == {}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"zip": "6062", "chamber": "lower", "district": "1"}, "zip must be 5 digits"),
        ({"zip": "60625", "chamber": "house", "district": "1"}, "chamber must be upper or lower"),
        ({"zip": "60625", "chamber": "upper", "district": "1-A;"}, "district must be a number"),
    ],
)
def test_a_bad_district_row_changes_nothing(row: dict[str, str], message: str) -> None:
    import_districts([{"zip": "60625", "chamber": "upper", "district": "20"}])
    with pytest.raises(DistrictCsvError, match=f"line 3: {message}"):
        import_districts([{"zip": "62656", "chamber": "lower", "district": "88"}, row])
    assert districts_for_zip("60625") == {"upper": ["20"]}

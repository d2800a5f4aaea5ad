"""Targets imported from OpenStates or entered by organizers, and the ZIP-to-district table."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction as db_transaction
from django.utils import timezone

from ..models import DistrictZip, Target, TargetOffice
from ..openstates import Official, person_files, read_person

logger = logging.getLogger(__name__)

_COMPARED = ("name", "role", "chamber", "district", "party", "email", "term_ends_on")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    retired: int


def _offices_of(target: Target) -> list[tuple[str, str, str]]:
    return [(o.kind, o.phone, o.address) for o in target.offices.all()]


def _save_official(official: Official, existing: Target | None) -> str:
    """Create or update one target; return "created", "updated" or "unchanged"."""
    values = {name: getattr(official, name) for name in _COMPARED}
    offices = [(o.kind, o.phone, o.address) for o in official.offices]
    if existing is None:
        target = Target.objects.create(
            external_id=official.external_id,
            source=Target.Source.OPENSTATES,
            jurisdiction="Illinois",
            **values,
        )
        outcome = "created"
    else:
        target = existing
        changed = [name for name, value in values.items() if getattr(target, name) != value]
        if not target.is_current:
            changed += ["is_current", "retired_at"]
        same_offices = _offices_of(target) == offices
        if not changed and same_offices:
            return "unchanged"
        for name in changed:
            setattr(target, name, values.get(name))
        target.is_current = True
        target.retired_at = None
        target.save(update_fields=[*changed, "updated_at"] if changed else ["updated_at"])
        if same_offices:
            return "updated"
        target.offices.all().delete()
        outcome = "updated"
    TargetOffice.objects.bulk_create(
        TargetOffice(target=target, kind=kind, phone=phone, address=address, position=n)
        for n, (kind, phone, address) in enumerate(offices)
    )
    return outcome


@db_transaction.atomic
def import_officials(directory: Path, *, on: datetime.date | None = None) -> ImportResult:
    """Import a state's OpenStates people: current roles only, idempotent by OpenStates id.

    People no longer in the data, or whose roles have ended, are retired (kept, not
    current). Raises OpenStatesError, having written nothing, on a file it cannot read.
    """
    day = on or timezone.localdate()
    officials = [o for o in (read_person(p, on=day) for p in person_files(directory)) if o]
    known = {
        t.external_id: t
        for t in Target.objects.filter(source=Target.Source.OPENSTATES).prefetch_related("offices")
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for official in officials:
        counts[_save_official(official, known.get(official.external_id))] += 1
    present = {o.external_id for o in officials}
    gone = [t.pk for t in known.values() if t.external_id not in present and t.is_current]
    Target.objects.filter(pk__in=gone).update(
        is_current=False, retired_at=timezone.now(), updated_at=timezone.now()
    )
    logger.info("advocacy.officials.imported", extra={**counts, "retired": len(gone)})
    return ImportResult(retired=len(gone), **counts)


MANUAL_COLUMNS = ("name", "title", "jurisdiction", "chamber", "district", "party", "email")


class TargetCsvError(ValueError):
    """The targets file has problems; `problems` lists each with its line number."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _manual_row(row: dict[str, str]) -> dict[str, str]:
    values = {k: (row.get(k) or "").strip() for k in (*MANUAL_COLUMNS, "phone", "address")}
    if not values["name"] or not values["title"]:
        raise ValueError("name and title are required")
    chamber = values["chamber"] or Target.Chamber.OTHER
    if chamber not in Target.Chamber.values:
        raise ValueError(f"chamber must be one of {', '.join(Target.Chamber.values)}")
    values["chamber"] = chamber
    values["jurisdiction"] = values["jurisdiction"] or "Illinois"
    return values


@db_transaction.atomic
def import_manual_targets(rows: list[dict[str, str]]) -> tuple[int, int]:
    """Create or update targets entered by organizers (matched by name and title).

    Each row may carry one office (`phone`, `address`); nothing is stored from a file with
    any bad row (TargetCsvError lists them).
    """
    problems, cleaned = [], []
    for line, row in enumerate(rows, start=2):
        try:
            cleaned.append(_manual_row(row))
        except ValueError as error:
            problems.append(f"line {line}: {error}")
    if problems:
        raise TargetCsvError(problems)
    created = updated = 0
    for values in cleaned:
        target, was_created = Target.objects.update_or_create(
            source=Target.Source.MANUAL,
            name=values["name"],
            title=values["title"],
            defaults={
                **{k: values[k] for k in MANUAL_COLUMNS if k not in ("name", "title")},
                "role": Target.Role.OTHER,
                "is_current": True,
                "retired_at": None,
            },
        )
        if values["phone"] or values["address"]:
            target.offices.all().delete()
            TargetOffice.objects.create(
                target=target, kind=TargetOffice.Kind.OTHER, phone=values["phone"],
                address=values["address"],
            )  # fmt: skip
        created += was_created
        updated += not was_created
    return created, updated


class DistrictCsvError(ValueError):
    """The districts file has problems; `problems` lists each with its line number."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _district_row(row: dict[str, str]) -> tuple[str, str, str]:
    zip_code = (row.get("zip") or "").strip()
    chamber = (row.get("chamber") or "").strip().lower()
    raw_district = (row.get("district") or "").strip()
    district = raw_district.lstrip("0") or "0"
    if not (len(zip_code) == 5 and zip_code.isdigit()):
        raise ValueError(f"zip must be 5 digits, not {zip_code!r}")
    if chamber not in (Target.Chamber.UPPER, Target.Chamber.LOWER):
        raise ValueError(f"chamber must be upper or lower, not {chamber!r}")
    if not (raw_district and district.isalnum()):
        raise ValueError(f"district must be a number, not {raw_district!r}")
    return zip_code, chamber, district


@db_transaction.atomic
def import_districts(rows: list[dict[str, str]]) -> int:
    """Replace the ZIP-to-district table with these rows (zip, chamber, district).

    District numbers lose leading zeros ("005" is district 5, as OpenStates writes it).
    Nothing changes when any row is bad (DistrictCsvError lists them).
    """
    problems: list[str] = []
    pairs: set[tuple[str, str, str]] = set()
    for line, row in enumerate(rows, start=2):
        # The Census Bureau codes land outside every district (mostly water) as ZZZ.
        if (row.get("district") or "").strip().upper() == "ZZZ":
            continue
        try:
            pairs.add(_district_row(row))
        except ValueError as error:
            problems.append(f"line {line}: {error}")
    if problems:
        raise DistrictCsvError(problems)
    DistrictZip.objects.all().delete()
    DistrictZip.objects.bulk_create(
        (DistrictZip(zip_code=z, chamber=c, district=d) for z, c, d in sorted(pairs)),
        batch_size=2000,
    )
    return len(pairs)

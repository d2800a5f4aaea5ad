"""Read OpenStates people YAML (one state's `legislature/` and `executive/` folders).

Only the facts a target needs are kept: the name as written (accents intact), the role that
is current on a given day, party, email and offices. Roles carry start and end dates, and
"current" is decided against a date the caller passes, so tests do not depend on the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CHAMBER_OF_ROLE = {"upper": "upper", "lower": "lower"}
KNOWN_ROLES = {
    "governor",
    "lt_governor",
    "attorney general",
    "secretary of state",
    "chief election officer",
    "upper",
    "lower",
}
OFFICE_KINDS = {"capitol", "district", "district-mail"}


class OpenStatesError(ValueError):
    """A file is not an OpenStates person."""


@dataclass(frozen=True)
class Office:
    kind: str
    phone: str
    address: str


@dataclass(frozen=True)
class Official:
    """A person with a role current on the day asked about."""

    external_id: str
    name: str
    role: str
    chamber: str
    district: str
    party: str
    email: str
    term_ends_on: datetime.date | None
    offices: tuple[Office, ...] = field(default_factory=tuple)


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise OpenStatesError(f"not a date: {value!r}") from None


def current_role(roles: Any, on: datetime.date) -> dict[str, Any] | None:
    """Return the role held on the day (started on or before it, not yet ended), if any."""
    if not isinstance(roles, list):
        return None
    held = []
    for role in roles:
        if not isinstance(role, dict) or role.get("type") not in KNOWN_ROLES:
            continue
        start, end = _date(role.get("start_date")), _date(role.get("end_date"))
        if (start is None or start <= on) and (end is None or end >= on):
            held.append((start or datetime.date.min, role))
    # Someone elected to a new office holds the latest one.
    return max(held, key=lambda pair: pair[0])[1] if held else None


def _party(data: dict[str, Any], on: datetime.date) -> str:
    for party in data.get("party") or []:
        if not isinstance(party, dict):
            continue
        end = _date(party.get("end_date"))
        if end is None or end >= on:
            return str(party.get("name", ""))
    return ""


def _offices(data: dict[str, Any]) -> tuple[Office, ...]:
    offices = []
    for office in data.get("offices") or []:
        if not isinstance(office, dict):
            continue
        kind = str(office.get("classification", ""))
        offices.append(
            Office(
                kind=kind if kind in OFFICE_KINDS else "other",
                phone=str(office.get("voice") or "").strip(),
                address=" ".join(str(office.get("address") or "").replace(";", ",").split()),
            )
        )
    return tuple(offices)


def read_person(path: Path, *, on: datetime.date) -> Official | None:
    """Return the official a file describes if she holds a role on the day, else None."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise OpenStatesError(f"{path.name}: cannot read it ({error})") from None
    if not isinstance(data, dict) or not str(data.get("id", "")).startswith("ocd-person/"):
        raise OpenStatesError(f"{path.name}: not an OpenStates person")
    role = current_role(data.get("roles"), on)
    if role is None:
        return None
    role_type = str(role["type"])
    return Official(
        external_id=str(data["id"]),
        name=str(data.get("name", "")).strip(),
        role=role_type,
        chamber=CHAMBER_OF_ROLE.get(role_type, "executive"),
        district=str(role.get("district") or ""),
        party=_party(data, on),
        email=str(data.get("email") or "").strip(),
        term_ends_on=_date(role.get("end_date")),
        offices=_offices(data),
    )


def person_files(directory: Path) -> Iterator[Path]:
    """Yield the person files of a state's folder (its legislature/ and executive/)."""
    folders = [directory / name for name in ("legislature", "executive")]
    found = [folder for folder in folders if folder.is_dir()]
    if not found:
        raise OpenStatesError(f"{directory}: no legislature/ or executive/ folder")
    for folder in found:
        yield from sorted(folder.glob("*.yml"))

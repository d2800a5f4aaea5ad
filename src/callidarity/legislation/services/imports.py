"""Bringing bills in from OpenStates (API v3 bill JSON), and moving them on with time.

A re-import is idempotent: the bill is found by its OpenStates id (then by General Assembly
and number), its history and sponsors are replaced only when they differ, and its stage is
recomputed by `stage_of`. What the group decides about a bill (its position, why it matters,
whether it is published, the actions linked to it) is never touched by an import. Each bill
is written in its own transaction, so a bad one leaves nothing half-written; when an existing
bill's stage changes, a `StageChange` is kept and its followers are emailed after commit.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from django.db import IntegrityError
from django.db import transaction as db_transaction

from callidarity.advocacy.models import Target

from ..models import Bill, BillAction, Chamber, Sponsorship, Stage, StageChange
from ..stages import CHANGES_WITH_TIME, Step, stage_of
from . import follows

logger = logging.getLogger(__name__)

CHAMBERS = frozenset(Chamber.values)
_IDENTIFIER = re.compile(r"^\s*([A-Za-z]{1,8})\s*0*([0-9]{1,6})\s*$", re.ASCII)
_SESSION = re.compile(r"^\s*([0-9]{1,3})(?:st|nd|rd|th)\s*$", re.ASCII)
# Characters no text column keeps (PostgreSQL refuses NUL outright): dropped on the way in.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The `openstates_id` column's limit.
ID_LIMIT = 100
# Where OpenStates puts the chamber of origin when `from_organization` is missing.
_ORIGIN_BY_LETTER = {"H": Chamber.LOWER, "S": Chamber.UPPER}


class BillImportError(ValueError):
    """A bill (or the file holding it) cannot be imported; the message says which and why."""


@dataclass(frozen=True)
class SponsorRow:
    name: str
    primary: bool
    classification: str
    chamber: str
    target_id: int | None
    order: int


@dataclass(frozen=True)
class ParsedBill:
    """What an import keeps of one bill's JSON, checked."""

    openstates_id: str | None
    identifier: str
    session: str
    title: str
    synopsis: str
    chamber: str
    source_url: str
    history: tuple[Step, ...]
    sponsors: tuple[dict[str, Any], ...]

    @property
    def slug(self) -> str:
        letters, number = self.identifier.split(" ")
        return f"{int(_SESSION.match(self.session).group(1))}-{letters.lower()}{number}"  # type: ignore[union-attr]


@dataclass
class ImportResult:
    """What importing one bill did."""

    bill: Bill
    created: bool = False
    history_changed: bool = False
    sponsors_changed: bool = False
    fields_changed: bool = False
    change: StageChange | None = None

    @property
    def updated(self) -> bool:
        return not self.created and (
            self.history_changed
            or self.sponsors_changed
            or self.fields_changed
            or bool(self.change)
        )

    def describe(self) -> str:
        """Return one line for the command's output: the bill and what happened to it."""
        bill = self.bill
        if self.created:
            what = f"created, {bill.get_stage_display()}"
        elif self.change is not None:
            what = f"moved {self.change.from_stage} → {self.change.to_stage}"
        elif self.updated:
            what = "updated"
        else:
            what = "unchanged"
        return f"{bill.identifier} ({bill.session}): {what}"


@dataclass
class ImportReport:
    """What importing a batch did: one result per bill, and one message per bill refused."""

    results: list[ImportResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, what: str) -> int:
        if what == "moved":
            return sum(r.change is not None for r in self.results)
        return sum(bool(getattr(r, what)) for r in self.results)


# Reading the JSON.


def _text(value: Any, name: str, *, required: bool = True, limit: int | None = None) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BillImportError(f"{name} is missing or not text")
    text = " ".join(_CONTROL.sub("", value).split())
    if required and not text:
        raise BillImportError(f"{name} is missing or not text")
    return text[:limit] if limit else text


def _date(value: Any, name: str) -> datetime.date:
    """Read "2021-04-21" or a datetime string ("2021-04-21T00:00:00+00:00")."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise BillImportError(f"{name} is not a date: {value!r}")


def _classification(organization: Any) -> str:
    if isinstance(organization, Mapping):
        value = organization.get("classification")
        if isinstance(value, str) and value in CHAMBERS:
            return value
    return ""


def _history(actions: Any) -> tuple[Step, ...]:
    if not isinstance(actions, list):
        raise BillImportError("actions is missing or not a list")
    rows = []
    for index, action in enumerate(actions, start=1):
        if not isinstance(action, Mapping):
            raise BillImportError(f"action {index} is not an object")
        kinds = action.get("classification") or []
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise BillImportError(f"action {index}: classification is not a list of words")
        order = action.get("order", index)
        if not isinstance(order, int):
            raise BillImportError(f"action {index}: order is not a number")
        step = Step(
            date=_date(action.get("date"), f"action {index}: date"),
            description=_text(
                action.get("description"), f"action {index}: description", limit=1000
            ),
            classification=tuple(_CONTROL.sub("", kind) for kind in kinds),
            chamber=_classification(action.get("organization")),
        )
        rows.append((order, index, step))
    return tuple(step for _order, _index, step in sorted(rows, key=lambda row: row[:2]))


def _identifier(value: Any) -> str:
    match = _IDENTIFIER.match(value) if isinstance(value, str) else None
    if match is None:
        raise BillImportError(f"identifier is not a bill number: {value!r}")
    return f"{match.group(1).upper()} {int(match.group(2))}"


def _is_web_address(value: Any) -> TypeGuard[str]:
    return (
        isinstance(value, str)
        and value.startswith(("https://", "http://"))
        and not _CONTROL.search(value)
        and not any(c.isspace() for c in value)
    )


def _source_url(data: Mapping[str, Any]) -> str:
    found = [s.get("url") for s in data.get("sources") or [] if isinstance(s, Mapping)]
    urls: list[str] = [u for u in found if _is_web_address(u)]
    official = [u for u in urls if "ilga.gov" in u]
    fallback = data.get("openstates_url")
    chosen = (official or urls or [fallback if _is_web_address(fallback) else ""])[0]
    return chosen if len(chosen) <= 200 else ""  # the field's limit: no cut-off address


def parse_bill(data: Any) -> ParsedBill:
    """Check one OpenStates bill object and return what the import keeps of it."""
    if not isinstance(data, Mapping):
        raise BillImportError("a bill is not a JSON object")
    identifier = _identifier(data.get("identifier"))
    session = _text(data.get("session"), "session")
    if not _SESSION.match(session):
        raise BillImportError(f"session is not a General Assembly: {session!r}")
    openstates_id = data.get("id")
    if openstates_id is not None:
        openstates_id = _text(openstates_id, "id")
        if len(openstates_id) > ID_LIMIT:
            raise BillImportError(f"id is longer than {ID_LIMIT} characters")
    abstracts = [a.get("abstract") for a in data.get("abstracts") or [] if isinstance(a, Mapping)]
    origin = _classification(data.get("from_organization"))
    sponsors = data.get("sponsorships") or []
    if not isinstance(sponsors, list) or not all(isinstance(s, Mapping) for s in sponsors):
        raise BillImportError("sponsorships is not a list of objects")
    for index, sponsor in enumerate(sponsors, start=1):
        _text(sponsor.get("name"), f"sponsor {index}: name")
        _text(sponsor.get("classification"), f"sponsor {index}: kind", required=False)
    return ParsedBill(
        openstates_id=openstates_id or None,
        identifier=identifier,
        session=session,
        title=_text(data.get("title"), "title", limit=500),
        synopsis=next(
            (_CONTROL.sub("", a).strip() for a in abstracts if isinstance(a, str) and a.strip()),
            "",
        ),
        chamber=origin or _ORIGIN_BY_LETTER.get(identifier[0], Chamber.LOWER),
        source_url=_source_url(data),
        history=_history(data.get("actions")),
        sponsors=tuple(dict(s) for s in sponsors),
    )


def _label(data: Any) -> str:
    if isinstance(data, Mapping):
        parts = [str(data.get(k)) for k in ("identifier", "session") if data.get(k)]
        if parts:
            return " of the ".join(parts)
        if data.get("id"):
            return str(data["id"])
    return "a bill"


# Linking sponsors to officials.


def _find_target(sponsor: Mapping[str, Any]) -> Target | None:
    person = sponsor.get("person")
    person = person if isinstance(person, Mapping) else {}
    person_id = person.get("id")
    # Cleaned before any lookup: PostgreSQL refuses a NUL even in a WHERE clause.
    if isinstance(person_id, str) and (person_id := _CONTROL.sub("", person_id).strip()):
        found = Target.objects.filter(external_id=person_id).first()
        if found is not None:
            return found
    names = {" ".join(_CONTROL.sub("", str(n)).split()) for n in (sponsor.get("name"),
             person.get("name")) if n}  # fmt: skip
    for name in names - {""}:
        matches = list(
            Target.objects.filter(
                name__iexact=name, role__in=[Target.Role.UPPER, Target.Role.LOWER]
            )[:2]
        )
        if len(matches) == 1:
            return matches[0]
    return None


def _sponsor_chamber(sponsor: Mapping[str, Any], target: Target | None) -> str:
    person = sponsor.get("person")
    role = person.get("current_role") if isinstance(person, Mapping) else None
    if isinstance(role, Mapping) and role.get("org_classification") in ("upper", "lower"):
        return str(role["org_classification"])
    if target is not None and target.chamber in ("upper", "lower"):
        return target.chamber
    return ""


def _sponsor_rows(parsed: ParsedBill) -> list[SponsorRow]:
    rows = []
    for order, sponsor in enumerate(parsed.sponsors):
        target = _find_target(sponsor)
        rows.append(
            SponsorRow(
                name=_text(sponsor.get("name"), "sponsor name", limit=200),
                primary=bool(sponsor.get("primary")),
                classification=_text(
                    sponsor.get("classification"), "kind", required=False, limit=40
                ),
                chamber=_sponsor_chamber(sponsor, target),
                target_id=target.pk if target else None,
                order=order,
            )
        )
    return rows


# Writing.


def _stored_history(bill: Bill) -> list[Step]:
    return [
        Step(
            date=a.date,
            description=a.description,
            classification=tuple(a.classification),
            chamber=a.chamber,
        )
        for a in bill.history.order_by("order")
    ]


def _stored_sponsors(bill: Bill) -> list[SponsorRow]:
    return [
        SponsorRow(s.name, s.primary, s.classification, s.chamber, s.target_id, s.order)
        for s in bill.sponsors.order_by("order", "pk")
    ]


def _replace_history(bill: Bill, history: Sequence[Step]) -> None:
    bill.history.all().delete()
    BillAction.objects.bulk_create(
        BillAction(
            bill=bill, order=order, date=step.date, chamber=step.chamber,
            description=step.description, classification=list(step.classification),
        )
        for order, step in enumerate(history, start=1)
    )  # fmt: skip


def _replace_sponsors(bill: Bill, rows: Sequence[SponsorRow]) -> None:
    bill.sponsors.all().delete()
    Sponsorship.objects.bulk_create(
        Sponsorship(
            bill=bill, name=r.name, primary=r.primary, classification=r.classification,
            chamber=r.chamber, target_id=r.target_id, order=r.order,
        )
        for r in rows
    )  # fmt: skip


def _find_bill(parsed: ParsedBill) -> Bill | None:
    bills = Bill.objects.select_for_update()
    if parsed.openstates_id:
        found = bills.filter(openstates_id=parsed.openstates_id).first()
        if found is not None:
            return found
    found = bills.filter(session=parsed.session, identifier=parsed.identifier).first()
    if (
        found is not None
        and parsed.openstates_id
        and found.openstates_id not in (None, parsed.openstates_id)
    ):
        raise BillImportError(
            f"{parsed.identifier} of the {parsed.session} is already on record with another "
            f"OpenStates id ({found.openstates_id})"
        )
    return found


def _record_stage_change(
    bill: Bill, from_stage: str, *, to: Stage, on: datetime.date | None
) -> StageChange:
    change = StageChange.objects.create(bill=bill, from_stage=from_stage, to_stage=to, moved_on=on)
    db_transaction.on_commit(lambda: follows.announce_stage_change(change.pk))
    return change


def _create(parsed: ParsedBill, *, as_of: datetime.date, publish: bool) -> Bill | None:
    """Create the bill, or return None when another import created it meanwhile."""
    stage, stage_on = stage_of(parsed.history, session=parsed.session, as_of=as_of)
    bill = Bill(
        openstates_id=parsed.openstates_id, identifier=parsed.identifier, session=parsed.session,
        slug=parsed.slug, title=parsed.title, synopsis=parsed.synopsis, chamber=parsed.chamber,
        source_url=parsed.source_url, stage=stage, stage_on=stage_on,
        last_action_on=max((s.date for s in parsed.history), default=None),
        status=Bill.Status.PUBLISHED if publish else Bill.Status.DRAFT,
    )  # fmt: skip
    try:
        with db_transaction.atomic():
            bill.save()
    except IntegrityError:
        if (
            Bill.objects.filter(slug=parsed.slug)
            .exclude(session=parsed.session, identifier=parsed.identifier)
            .exists()
        ):
            raise BillImportError(
                f"the address /bills/{parsed.slug}/ is taken by another bill"
            ) from None
        return None
    return bill


FIELDS = ("openstates_id", "identifier", "session", "title", "synopsis", "chamber", "source_url")


@db_transaction.atomic
def _import_parsed(parsed: ParsedBill, *, as_of: datetime.date, publish: bool) -> ImportResult:
    bill = _find_bill(parsed)
    created = False
    if bill is None:
        bill = _create(parsed, as_of=as_of, publish=publish)
        if bill is None:  # created by a concurrent import: update it like any other
            bill = _find_bill(parsed)
            if bill is None:
                raise BillImportError(
                    f"{parsed.identifier} of the {parsed.session}: cannot be saved"
                )
        else:
            created = True
    result = ImportResult(bill=bill, created=created)
    if created:
        _replace_history(bill, parsed.history)
        _replace_sponsors(bill, _sponsor_rows(parsed))
        return result

    changed_fields = []
    for name in FIELDS:
        value = getattr(parsed, name)
        if name == "openstates_id" and value is None:
            continue  # a bill's id is never forgotten by a file that lacks it
        if getattr(bill, name) != value:
            setattr(bill, name, value)
            changed_fields.append(name)
    if _stored_history(bill) != list(parsed.history):
        _replace_history(bill, parsed.history)
        result.history_changed = True
    sponsors = _sponsor_rows(parsed)
    if _stored_sponsors(bill) != sponsors:
        _replace_sponsors(bill, sponsors)
        result.sponsors_changed = True
    changed_fields += _apply_stage(bill, parsed.history, as_of=as_of, result=result)
    if changed_fields:
        bill.save(update_fields=[*changed_fields, "updated_at"])
        result.fields_changed = True
    return result


def _apply_stage(
    bill: Bill, history: Sequence[Step], *, as_of: datetime.date, result: ImportResult
) -> list[str]:
    """Recompute the bill's stage and last action; return the fields that changed."""
    stage, stage_on = stage_of(history, session=bill.session, as_of=as_of)
    last_action_on = max((s.date for s in history), default=None)
    changed = []
    if stage != bill.stage:
        result.change = _record_stage_change(bill, bill.stage, to=stage, on=stage_on)
    for name, value in (
        ("stage", stage),
        ("stage_on", stage_on),
        ("last_action_on", last_action_on),
    ):
        if getattr(bill, name) != value:
            setattr(bill, name, value)
            changed.append(name)
    return changed


def import_bill(
    data: Mapping[str, Any], *, as_of: datetime.date, publish: bool = False
) -> ImportResult:
    """Create or update one bill from OpenStates JSON (BillImportError if it is unusable)."""
    try:
        parsed = parse_bill(data)
    except BillImportError as error:
        raise BillImportError(f"{_label(data)}: {error}") from None
    return _import_parsed(parsed, as_of=as_of, publish=publish)


def _bills_in(document: Any) -> list[Any]:
    if isinstance(document, Mapping) and isinstance(document.get("results"), list):
        return list(document["results"])  # a page of the API's /bills
    if isinstance(document, list):
        return document
    return [document]


def _read(path: Path) -> Iterator[tuple[str, Any]]:
    """Yield (where, bill data) for each bill in a JSON file, or in each .json of a folder."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise BillImportError(f"{path}: no .json files in this folder")
    for file in files:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BillImportError(f"{file}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise BillImportError(f"{file}: cannot be read ({error})") from None
        except json.JSONDecodeError as error:
            raise BillImportError(
                f"{file}: not valid JSON (line {error.lineno}: {error.msg})"
            ) from None
        for data in _bills_in(document):
            yield str(file), data


def import_bills(
    sources: Path | str | Mapping[str, Any] | Iterable[Path | str | Mapping[str, Any]],
    *,
    as_of: datetime.date,
    publish: bool = False,
) -> ImportReport:
    """Import every bill in these files, folders or JSON objects, each in its own transaction.

    A bill that cannot be imported is skipped with a message naming its file and number;
    the others are imported. A file that is not JSON is one message, and nothing of it is read.
    """
    if isinstance(sources, (Path, str, Mapping)):
        sources = [sources]
    report = ImportReport()
    for source in sources:
        items: Iterable[tuple[str, Any]]
        if isinstance(source, Mapping):
            items = [("", data) for data in _bills_in(source)]
        else:
            try:
                items = list(_read(Path(source)))
            except BillImportError as error:
                report.errors.append(str(error))
                continue
        for where, data in items:
            try:
                report.results.append(import_bill(data, as_of=as_of, publish=publish))
            except BillImportError as error:
                report.errors.append(f"{where}: {error}" if where else str(error))
    return report


def refresh_stages(as_of: datetime.date) -> list[StageChange]:
    """Move on the bills whose stage changes with time alone: the Governor's 60 days have
    passed, or the General Assembly has ended (a pending bill or an unanswered amendatory
    veto dies). Return the stage changes made."""
    changes = []
    candidates = Bill.objects.filter(stage__in=CHANGES_WITH_TIME).order_by("pk")
    for bill_id in candidates.values_list("pk", flat=True):
        change = _refresh(bill_id, as_of=as_of)
        if change is not None:
            changes.append(change)
    return changes


@db_transaction.atomic
def _refresh(bill_id: int, *, as_of: datetime.date) -> StageChange | None:
    bill = Bill.objects.select_for_update().get(pk=bill_id)
    try:
        history = _stored_history(bill)
        result = ImportResult(bill=bill)
        changed = _apply_stage(bill, history, as_of=as_of, result=result)
    except ValueError:
        logger.warning("legislation.refresh.bad_session", extra={"bill_id": bill.pk})
        return None
    if changed:
        bill.save(update_fields=[*changed, "updated_at"])
    return result.change

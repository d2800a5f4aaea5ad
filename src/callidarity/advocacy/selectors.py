"""Reads of advocacy: the targets in office now."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Action, ActionTaken, DistrictZip, Signature, Target, TargetOffice


def list_current_targets(*, chamber: str = "", district: str = "") -> QuerySet[Target]:
    """Return the targets in office, with their offices, by chamber, district and name."""
    targets = Target.objects.filter(is_current=True)
    if chamber:
        targets = targets.filter(chamber=chamber)
    if district:
        targets = targets.filter(district=district)
    offices = Prefetch("offices", queryset=TargetOffice.objects.order_by("position"))
    return targets.prefetch_related(offices).order_by("chamber", "district", "name")


def districts_for_zip(zip_code: str) -> dict[str, list[str]]:
    """Return the districts of each chamber a ZIP code lies in ({} when the table lacks it)."""
    found: dict[str, list[str]] = {}
    rows = DistrictZip.objects.filter(zip_code=zip_code.strip()[:5]).order_by("chamber", "district")
    for chamber, district in rows.values_list("chamber", "district"):
        found.setdefault(chamber, []).append(district)
    return found


def has_district_table() -> bool:
    """Return whether a ZIP-to-district table has been imported."""
    return DistrictZip.objects.exists()


def list_live_actions() -> QuerySet[Action]:
    """Return the actions taking part now, newest first."""
    return Action.objects.filter(status=Action.Status.LIVE).order_by("-created_at")


def get_public_action(slug: str) -> Action:
    """Return a live or closed action (Action.DoesNotExist for a draft or none)."""
    return Action.objects.exclude(status=Action.Status.DRAFT).get(slug=slug)


def list_action_targets(action: Action) -> list[Target]:
    """Return the action's targets in office, with their offices, in a stable order."""
    offices = Prefetch("offices", queryset=TargetOffice.objects.order_by("position"))
    return list(
        action.targets.filter(is_current=True)
        .prefetch_related(offices)
        .order_by("chamber", "district", "name")
    )


def get_targets(pks: list[int]) -> dict[int, Target]:
    """Return the targets in office among these, by pk, with their offices."""
    offices = Prefetch("offices", queryset=TargetOffice.objects.order_by("position"))
    found = Target.objects.filter(pk__in=pks, is_current=True).prefetch_related(offices)
    return {t.pk: t for t in found}


@dataclass(frozen=True)
class TargetTally:
    target: Target
    counts: dict[str, int]

    @property
    def done(self) -> int:
        return sum(self.counts.get(o, 0) for o in ActionTaken.DONE)


@dataclass(frozen=True)
class Tally:
    """What supporters did: calls that reached an office, letters sent or signatures counted
    (`done`), and every outcome by target."""

    done: int
    by_target: list[TargetTally]


def tally(action: Action) -> Tally:
    """Return the action's counts, in one query."""
    rows = (
        ActionTaken.objects.filter(action=action)
        .values_list("target_id", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for target_id, outcome, n in rows:
        counts.setdefault(target_id, {})[outcome] = n
    targets = Target.objects.in_bulk(list(counts))
    by_target = [TargetTally(targets[pk], c) for pk, c in counts.items() if pk in targets]
    by_target.sort(key=lambda t: (-t.done, t.target.name))
    if action.kind == Action.Kind.PETITION:
        # A petition's count is its counted signatures (one per email), not per target.
        signed = Signature.objects.filter(action=action, status=Signature.Status.COUNTED)
        return Tally(done=signed.count(), by_target=by_target)
    return Tally(done=sum(t.done for t in by_target), by_target=by_target)


class _Blank(dict[str, str]):
    """Leave an unknown {placeholder} as it is instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_script(script: str, *, target: Target, name: str, city: str) -> str:
    """Return the script with the caller's and the target's details filled in."""
    values = _Blank(
        supporter_name=name or str(_("a constituent")),
        supporter_city=city or str(_("Illinois")),
        target_name=target.name,
        target_title=target.display_title,
    )
    try:
        return script.format_map(values)
    except (ValueError, IndexError):
        return script  # a stray brace: show the script as written


class ChoiceReason:
    SPANS = "spans"  # the ZIP code lies in several districts
    UNKNOWN = "unknown"  # the table does not have the ZIP code
    NO_TABLE = "no-table"  # no ZIP-to-district table has been imported


@dataclass(frozen=True)
class DistrictChoice:
    """A caller's district in one chamber: found, or to pick among candidates (and why)."""

    chamber: str
    candidates: list[tuple[str, list[Target]]]  # (district, its members in office)
    reason: str = ""

    @property
    def resolved(self) -> list[Target] | None:
        """Return her members when the district is known, else None."""
        if self.reason or len(self.candidates) != 1:
            return None
        return self.candidates[0][1]


def _members_by_district(chamber: str) -> dict[str, list[Target]]:
    found: dict[str, list[Target]] = {}
    offices = Prefetch("offices", queryset=TargetOffice.objects.order_by("position"))
    members = Target.objects.filter(is_current=True, chamber=chamber).prefetch_related(offices)
    for target in members.order_by("name"):
        found.setdefault(target.district, []).append(target)
    return found


def _district_order(district: str) -> tuple[int, str]:
    return (int(district) if district.isdigit() else 10**6, district)


def district_choice(chamber: str, zip_code: str) -> DistrictChoice:
    """Return the caller's district in a chamber from her ZIP code, or what to pick from."""
    members = _members_by_district(chamber)
    districts = [d for d in districts_for_zip(zip_code).get(chamber, []) if d in members]
    if len(districts) == 1:
        return DistrictChoice(chamber, [(districts[0], members[districts[0]])])
    if len(districts) > 1:
        ordered = sorted(districts, key=_district_order)
        return DistrictChoice(chamber, [(d, members[d]) for d in ordered], ChoiceReason.SPANS)
    reason = ChoiceReason.UNKNOWN if has_district_table() else ChoiceReason.NO_TABLE
    every = sorted(members, key=_district_order)
    return DistrictChoice(chamber, [(d, members[d]) for d in every], reason)

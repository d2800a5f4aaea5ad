"""Reads of advocacy: targets, actions and what supporters did, follow-ups, reports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Lower, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import (
    Action,
    ActionTaken,
    DistrictZip,
    Follower,
    Outreach,
    Signature,
    Target,
    TargetOffice,
)


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
    now = timezone.now()
    return (
        Action.objects.filter(status=Action.Status.LIVE)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-created_at")
    )


def get_public_action(slug: str) -> Action:
    """Return a live or closed action (Action.DoesNotExist for a draft or none)."""
    return Action.objects.exclude(status=Action.Status.DRAFT).get(slug=slug)


def list_action_campaigns(action: Action) -> list[Any]:
    """Return the public campaigns the action is part of (`Campaign.actions`, from above).

    Read through the reverse relation: `campaigns` sits above `advocacy` and is not imported.
    """
    public = ("live", "closed")  # Campaign.Status.LIVE and CLOSED
    return list(action.campaigns.filter(status__in=public).order_by("title"))


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


# The placeholders a script or letter may hold; anything else in braces stays as written.
_PLACEHOLDER = re.compile(r"\{(supporter_name|supporter_city|target_name|target_title)\}")


def fill_script(script: str, *, target: Target, name: str, city: str) -> str:
    """Return the script (or a supporter's letter) with her and the target's details in.

    Only the four known {placeholders} are replaced, by plain substitution: the text may be
    a supporter's own, and `str.format` would let `{target_name.x}` raise or `{x:>9999999}`
    grow it without end.
    """
    values = {
        "supporter_name": name or str(_("a constituent")),
        "supporter_city": city or str(_("Illinois")),
        "target_name": target.name,
        "target_title": target.display_title,
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], script)


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


# --- follow-ups ----------------------------------------------------------------------------


def _took(action: Action) -> Q:
    """Whether a supporter took this action: a call that reached an office, a letter sent or
    printed, or a counted signature."""
    done = ActionTaken.objects.filter(action=action, outcome__in=ActionTaken.DONE)
    return Q(Exists(done.filter(supporter_id=OuterRef("supporter_id")))) | Q(
        Exists(
            Signature.objects.filter(
                action=action,
                supporter_id=OuterRef("supporter_id"),
                status=Signature.Status.COUNTED,
            )
        )
    )


def list_outreach_recipients(outreach: Outreach) -> Iterator[tuple[str, str]]:
    """Yield (email, language) of the followers a follow-up email goes to, streaming.

    Followers only (they asked for it); with an action, only those who took it.
    """
    followers = Follower.objects.filter(unsubscribed_at__isnull=True)
    if outreach.action_id is not None:
        assert outreach.action is not None
        followers = followers.filter(_took(outreach.action))
    rows = followers.values_list("supporter__email", "language").order_by("pk")
    return rows.iterator(chunk_size=2000)


def count_outreach_recipients(outreach: Outreach) -> int:
    """Return how many followers a follow-up email would go to now."""
    return sum(1 for _row in list_outreach_recipients(outreach))


def list_unfollowed_emails(emails: list[str]) -> set[str]:
    """Return which of these (lower-cased) addresses have stopped follow-up emails."""
    if not emails:
        return set()
    rows = (
        Follower.objects.filter(unsubscribed_at__isnull=False)
        .annotate(email=Lower("supporter__email"))
        .filter(email__in=emails)
        .values_list("email", flat=True)
    )
    return set(rows)


# --- organizers' report --------------------------------------------------------------------


@dataclass(frozen=True)
class ActionReport:
    """What an action did, for organizers: counts only, no one's name or address."""

    action: Action
    tally: Tally
    # The outcomes any target has, in the order of ActionTaken.Outcome.
    outcomes: list[tuple[str, str]]
    # (day, done that day), oldest first.
    by_day: list[tuple[date, int]]
    letters: int
    signatures: dict[str, int]  # by Signature.Status
    followers: int

    @property
    def rows(self) -> list[tuple[Target, list[int], int]]:
        """Return each target with its count of each outcome (as `outcomes`) and its done."""
        return [
            (row.target, [row.counts.get(value, 0) for value, _label in self.outcomes], row.done)
            for row in self.tally.by_target
        ]

    @property
    def percent(self) -> int | None:
        if not self.action.goal:
            return None
        return min(100, round(100 * self.tally.done / self.action.goal))


def list_actions_for_organizers() -> QuerySet[Action]:
    """Return every action, live ones first, then the newest."""
    live_first = Case(When(status=Action.Status.LIVE, then=0), default=1)
    return Action.objects.order_by(live_first, "-created_at")


def action_report(action: Action) -> ActionReport:
    """Return the action's counts by target, by outcome and by day."""
    counts = tally(action)
    present = {o for row in counts.by_target for o in row.counts}
    outcomes = [
        (o.value, str(ActionTaken.SHORT_LABELS[o]))
        for o in ActionTaken.Outcome
        if o.value in present
    ]
    done: QuerySet[Any] = (
        Signature.objects.filter(action=action, status=Signature.Status.COUNTED)
        if action.kind == Action.Kind.PETITION
        else ActionTaken.objects.filter(action=action, outcome__in=ActionTaken.DONE)
    )
    by_day = list(
        done.annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    signatures = dict.fromkeys(Signature.Status.values, 0)
    signatures.update(
        Signature.objects.filter(action=action).values_list("status").annotate(n=Count("pk"))
    )
    took = Follower.objects.filter(unsubscribed_at__isnull=True).filter(_took(action))
    return ActionReport(
        action=action,
        tally=counts,
        outcomes=outcomes,
        by_day=by_day,
        letters=action.letters.count(),
        signatures=signatures,
        followers=took.count(),
    )


# --- letters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterCopy:
    """One target's copy of a supporter's letter: what that office reads."""

    target: Target
    subject: str
    greeting: str  # "" when her letter opens with its own ("Dear {target_name}")
    body: str
    signature: tuple[str, ...]  # sign-off, her name, her town; () when the letter signs itself

    @property
    def text(self) -> str:
        parts = (self.greeting, self.body, "\n".join(self.signature))
        return "\n\n".join(part for part in parts if part)


def _is_short(line: str, placeholder: str) -> bool:
    return placeholder in line and len(line) <= 80


def letter_copy(*, target: Target, name: str, city: str, subject: str, body: str) -> LetterCopy:
    """Return the letter as this target will read it, placeholders filled in.

    What we add (the title, a greeting, a sign-off) is in the offices' language, the site's
    LANGUAGE_CODE, whatever language her page was in: her own words stay as she wrote them.
    A greeting is added unless the letter opens with its own (a short first line naming the
    target and ending in "," or ":"), and her name and town are signed unless its short last
    line already carries her name.
    """
    with translation.override(settings.LANGUAGE_CODE):
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        greets = bool(lines) and _is_short(lines[0], "{target_name}") and lines[0][-1] in ",:"
        signs = bool(lines) and _is_short(lines[-1], "{supporter_name}")
        greeting = (
            ""
            if greets
            else str(_("Dear %(title)s %(name)s,"))
            % {"title": target.display_title, "name": target.name}
        )
        signature = () if signs else (str(_("Sincerely,")), *(v for v in (name, city) if v))
        return LetterCopy(
            target=target,
            subject=fill_script(subject, target=target, name=name, city=city).strip(),
            greeting=greeting,
            body=fill_script(body, target=target, name=name, city=city).strip(),
            signature=signature,
        )


def mailing_address(target: Target) -> list[str]:
    """Return the lines of where to mail a target: the capitol office first, else any office."""
    offices = [o for o in target.offices.all() if o.address.strip()]
    offices.sort(key=lambda o: (o.kind != TargetOffice.Kind.CAPITOL, o.position))
    if not offices:
        return []
    return [line.strip() for line in offices[0].address.split(";") if line.strip()]


# --- petitions -----------------------------------------------------------------------------


def count_signatures(action: Action) -> int:
    """Return the petition's counted signatures, one per email (as `tally(action).done`)."""
    return Signature.objects.filter(action=action, status=Signature.Status.COUNTED).count()


@dataclass(frozen=True)
class PublicSigner:
    """All the petition page shows of a signer who opted in: her first name and town."""

    first_name: str
    city: str


def list_recent_signers(action: Action, *, limit: int = 10) -> list[PublicSigner]:
    """Return the newest counted signers who asked to be shown, first name and town only."""
    rows = (
        Signature.objects.filter(action=action, status=Signature.Status.COUNTED, is_public=True)
        .order_by("-created_at", "-pk")
        .values_list("name", "city")[:limit]
    )
    return [PublicSigner(name.split()[0], city) for name, city in rows if name.split()]


def count_held_signatures() -> dict[int, int]:
    """Return how many signatures wait for review on each petition that has any, by pk."""
    rows = (
        Signature.objects.filter(status=Signature.Status.HELD)
        .values_list("action_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def list_held_signatures(action: Action) -> QuerySet[Signature]:
    """Return the petition's signatures held for review, oldest first (without emails)."""
    return (
        Signature.objects.filter(action=action, status=Signature.Status.HELD)
        .only("pk", "name", "city", "comment", "source_hash", "created_at")
        .order_by("created_at", "pk")
    )


def list_petition_signers(action: Action) -> QuerySet[Signature]:
    """Return the counted signatures to deliver to the targets, in the order they came."""
    return (
        Signature.objects.filter(action=action, status=Signature.Status.COUNTED)
        .only("pk", "name", "city", "comment", "created_at")
        .order_by("created_at", "pk")
    )


def get_petition(action_id: int) -> Action:
    """Return the petition with this id, whatever its status (Action.DoesNotExist if none)."""
    return Action.objects.get(pk=action_id, kind=Action.Kind.PETITION)

"""A bill's stage, derived from its action history by the Illinois General Assembly's rules.

`stage_of()` walks the history in official order and keeps where the bill stands. It reads
OpenStates' classifications where they settle a step (introduction, referral-committee,
passage, executive-receipt, executive-signature, executive-veto, became-law,
veto-override-passage) and the General Assembly's own action texts otherwise ("Passed Both
Houses", "Governor Amendatory Veto", "Rule 19(a) / Re-referred to Rules Committee"). An
action it does not know leaves the stage as it was. Two things change a stage with time
alone, as of the day asked about: a bill the Governor has held 60 calendar days without
acting becomes law the day after (the 60th day is still the Governor's: Ill. Const. art. IV
§ 9(b)), and a bill still pending when the General Assembly ends dies with it. A bill that
has passed both houses is no longer pending: it goes to the Governor within 30 days even if
the next General Assembly has convened meanwhile (lame-duck bills of early January do). An
amendatory veto the General Assembly has not accepted or overridden by then is dead too.

The House's Rules Committee and the Senate's Committee on Assignments are gatekeepers, not
policy committees: a bill referred to them is only filed, and one sent back to them after
a committee had it has stalled (dead, unless a later action moves it again).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .models import Stage

# The Governor has 60 calendar days after a bill is presented (the 60th included); on the
# next day it is law unsigned.
GOVERNOR_DAYS = 60

# The stages of a bill still pending in the General Assembly: they die with it. A bill that
# passed both houses is not among them (it is presented to the Governor within 30 days,
# whenever the General Assembly ends), and an amendatory veto left unanswered is.
DIES_WITH_THE_ASSEMBLY = frozenset(
    {Stage.FILED, Stage.COMMITTEE, Stage.PASSED_ONE, Stage.AMENDATORY_VETO}
)
# The stages time alone can end (what `refresh_stages` looks at every day).
CHANGES_WITH_TIME = DIES_WITH_THE_ASSEMBLY | {Stage.GOVERNOR}

# The order a bill moves along (the "road" its page shows); the endings come after.
ROAD = (
    Stage.FILED,
    Stage.COMMITTEE,
    Stage.PASSED_ONE,
    Stage.PASSED_BOTH,
    Stage.GOVERNOR,
    Stage.LAW,
)


class HistoryItem(Protocol):
    """One action as `stage_of` reads it (a BillAction, or a row of OpenStates JSON)."""

    @property
    def date(self) -> datetime.date: ...

    @property
    def description(self) -> str: ...

    @property
    def classification(self) -> Sequence[str]: ...

    @property
    def chamber(self) -> str: ...


@dataclass(frozen=True)
class Step:
    """A plain history item (what the import builds from JSON, and tests write by hand)."""

    date: datetime.date
    description: str
    classification: Sequence[str] = ()
    chamber: str = ""


def _ordinal(session: str) -> int:
    match = re.match(r"\s*(\d+)", session)
    if match is None:
        raise ValueError(f"Not a General Assembly: {session!r} (expected e.g. '104th').")
    return int(match.group(1))


def _second_wednesday_of_january(year: int) -> datetime.date:
    first = datetime.date(year, 1, 1)
    first_wednesday = first + datetime.timedelta(days=(2 - first.weekday()) % 7)
    return first_wednesday + datetime.timedelta(days=7)


def general_assembly_start(session: str) -> datetime.date:
    """Return the day General Assembly `session` convened ("102nd" → 2021-01-13)."""
    return _second_wednesday_of_january(2 * _ordinal(session) + 1817)


def general_assembly_end(session: str) -> datetime.date:
    """Return the day General Assembly `session` ended: when the next one convened."""
    return _second_wednesday_of_january(2 * _ordinal(session) + 1819)


# An action about an amendment or a motion, not the bill itself ("House Floor Amendment
# No. 1 Referred to Rules Committee", "Motion to Concur Referred to Assignments").
_ABOUT_AMENDMENT = re.compile(r"\bamendments?\b( no\.?|\(s\))|\bmotion\b|\bconference committee\b")
# "Rule 19(a) / ", "Pursuant to Senate Rule 3-9(b) / ": why it was (re-)referred.
_RULE_PREFIX = re.compile(r"^(?:pursuant to )?(?:(?:house|senate) )?rule [\w\-().]+\s*/\s*")
_REFERRAL = re.compile(r"^(re-)?(?:referred|assigned) to (?P<committee>.+)$")
_GATEKEEPER = re.compile(r"\brules\b|\bassignments\b")
_FILED = re.compile(r"^(?:pref|f)iled with|^introduced|^first reading|^arrive[ds]? in")
# Steps that move a bill along inside a chamber (they revive a stalled bill).
_MOVES = re.compile(
    r"^approved for consideration|^discharged|^placed on calendar order of (?:2nd|3rd)"
    r"|^(?:recalled to )?second reading|^third reading|^do pass|^recommends? do pass"
    r"|^re-assigned to"
)
_THIRD_READING_PASSED = re.compile(r"^third reading\b.*\bpassed\b")
_CONCURS = re.compile(r"\b(?:house|senate) concurs\b")
_OVERRIDE = re.compile(r"\boverride\b.*\b(?P<chamber>house|senate) passed\b")


@dataclass
class _Walk:
    stage: Stage = Stage.FILED
    on: datetime.date | None = None
    # Where a bill stood before it was sent back to Rules/Assignments: a later move revives it.
    stalled_from: Stage | None = None
    # Whether the bill has left Rules/Assignments in the chamber that has it now.
    left_gatekeeper: bool = False
    overridden_by: frozenset[str] = frozenset()

    # The furthest stage along the road the bill reached (where a dead one stopped).
    furthest: Stage = Stage.FILED

    def move(self, stage: Stage, on: datetime.date) -> None:
        if stage != self.stage:
            self.stage, self.on = stage, on
        self.stalled_from = None
        if stage in ROAD and ROAD.index(stage) > ROAD.index(self.furthest):
            self.furthest = stage
        elif stage in (Stage.VETOED, Stage.AMENDATORY_VETO):
            self.furthest = Stage.GOVERNOR

    def revive(self, on: datetime.date) -> None:
        """The bill moves inside its chamber: a stalled one is back where it was, as of now."""
        if self.stalled_from is not None and self.stage == Stage.DEAD:
            self.stage, self.on = self.stalled_from, on
        self.stalled_from = None
        self.left_gatekeeper = True


def _step(walk: _Walk, item: HistoryItem) -> None:
    text = " ".join(item.description.lower().split())
    kinds = {str(kind).lower() for kind in item.classification or ()}
    on = item.date
    stage = walk.stage
    if stage == Stage.LAW:
        return  # nothing after becoming law changes it (a Public Act number, an effective date)

    # The Governor's steps, and what follows a veto.
    if (
        "executive-signature" in kinds
        or "became-law" in kinds
        or text.startswith(("governor approved", "public act"))
    ):
        walk.move(Stage.LAW, on)
        return
    if "governor certifies changes" in text:
        walk.move(Stage.LAW, on)
        return
    if "amendatory veto" in text and text.startswith("governor"):
        walk.move(Stage.AMENDATORY_VETO, on)
        return
    if "executive-veto" in kinds or text.startswith("governor vetoed"):
        walk.move(Stage.VETOED, on)
        return
    if "accept amendatory veto" in text:
        return  # the Governor's certification, not the chambers' votes, makes it law
    if "veto-override-passage" in kinds or _OVERRIDE.search(text):
        match = _OVERRIDE.search(text)
        chamber = (
            {"house": "lower", "senate": "upper"}[match.group("chamber")] if match else item.chamber
        )
        walk.overridden_by = walk.overridden_by | {chamber}
        if {"lower", "upper"} <= walk.overridden_by:
            walk.move(Stage.LAW, on)
        return
    if text.startswith("both houses override"):  # the General Assembly's own summary line
        walk.move(Stage.LAW, on)
        return
    if "total veto stands" in text:
        walk.move(Stage.VETOED, on)
        return
    if text.startswith("bill dead") or (
        stage == Stage.AMENDATORY_VETO and "no further action" in text
    ):
        walk.move(Stage.DEAD, on)
        return
    if "executive-receipt" in kinds or text.startswith("sent to the governor"):
        walk.move(Stage.GOVERNOR, on)
        return
    if stage in (Stage.GOVERNOR, Stage.VETOED, Stage.AMENDATORY_VETO):
        return  # past the General Assembly's floors: only the steps above matter now

    # The General Assembly's steps.
    if text.startswith("passed both houses") or (
        _CONCURS.search(text) and "refuses" not in text and stage in (Stage.PASSED_ONE, Stage.DEAD)
    ):
        walk.revive(on)
        walk.move(Stage.PASSED_BOTH, on)
        return
    if _ABOUT_AMENDMENT.search(text):
        return
    bare = _RULE_PREFIX.sub("", text)
    referral = _REFERRAL.match(bare)
    if referral is not None or "referral-committee" in kinds:
        committee = referral.group("committee") if referral else bare
        if _GATEKEEPER.search(committee):
            re_referred = bool(referral and referral.group(1)) or bare != text
            if re_referred and walk.left_gatekeeper and stage != Stage.DEAD:
                walk.stalled_from, walk.left_gatekeeper = stage, False
                walk.stage, walk.on = Stage.DEAD, on
            elif walk.on is None:
                walk.on = on
            return
        walk.revive(on)
        if walk.stage == Stage.FILED:
            walk.move(Stage.COMMITTEE, on)
        return
    if ("passage" in kinds and "failure" not in kinds) or _THIRD_READING_PASSED.match(bare):
        walk.revive(on)
        if walk.stage in (Stage.FILED, Stage.COMMITTEE):
            walk.move(Stage.PASSED_ONE, on)
            walk.left_gatekeeper = False  # on to the other chamber, which starts at its own gate
        return
    if _MOVES.match(bare) or kinds & {"committee-passage", "reading-2", "reading-3"}:
        walk.revive(on)
        return
    if walk.on is None and (_FILED.match(bare) or kinds & {"introduction", "filing", "reading-1"}):
        walk.on = on


def furthest_stage(history: Iterable[HistoryItem], *, as_of: datetime.date) -> Stage:
    """Return the furthest stage along the road (FILED … LAW) the bill reached by a day."""
    walk = _Walk()
    for item in history:
        if item.date <= as_of:
            _step(walk, item)
    return walk.furthest


def stage_of(
    history: Iterable[HistoryItem], *, session: str, as_of: datetime.date
) -> tuple[Stage, datetime.date | None]:
    """Return the bill's stage as of a day, and the date of the action that put it there."""
    walk = _Walk()
    first: datetime.date | None = None
    for item in history:
        if item.date > as_of:
            continue  # not yet happened on the day asked about
        first = first or item.date
        _step(walk, item)
    if walk.stage == Stage.FILED and walk.on is None:
        walk.on = first
    if walk.stage == Stage.GOVERNOR and walk.on is not None:
        unsigned = walk.on + datetime.timedelta(days=GOVERNOR_DAYS + 1)
        if as_of >= unsigned:
            return Stage.LAW, unsigned
    if walk.stage in DIES_WITH_THE_ASSEMBLY:
        end = general_assembly_end(session)
        if as_of >= end:
            return Stage.DEAD, end
    return walk.stage, walk.on

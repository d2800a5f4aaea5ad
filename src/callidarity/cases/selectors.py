"""Reads of cases: the deadlines they face, the reminders due, and the public pages.

Deadlines are computed, never typed: a clemency petition's filing deadline is 75 days
before the Board's hearing session it is aimed at (the case's next `board_session`
hearing), and a petition found incomplete must be completed within 90 days of that day.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.accounts.selectors import AnyUser, can
from callidarity.advocacy.models import Action

from .models import (
    BEFORE_DOCKET,
    COMPLETE_WITHIN_DAYS,
    FILING_LEAD_DAYS,
    FINAL_STAGES,
    Case,
    CasePage,
    Consent,
    Hearing,
)


class DeadlineKind(enum.StrEnum):
    FILING = "filing"
    COMPLETE_BY = "complete_by"
    HEARING = "hearing"


DEADLINE_LABELS = {
    DeadlineKind.FILING: _("filing deadline"),
    DeadlineKind.COMPLETE_BY: _("deadline to complete the petition"),
    DeadlineKind.HEARING: _("hearing"),
}


@dataclass(frozen=True)
class Deadline:
    """A date a case must be ready for, and how many days are left until it."""

    kind: DeadlineKind
    due_on: datetime.date
    days_left: int  # negative once passed

    @property
    def label(self) -> str:
        return str(DEADLINE_LABELS[self.kind])

    @property
    def is_past(self) -> bool:
        return self.days_left < 0


def _sorted_hearings(case: Case) -> list[Hearing]:
    return sorted(case.hearings.all(), key=lambda h: (h.held_on, h.pk))


def hearing_session(case: Case, *, today: datetime.date | None = None) -> Hearing | None:
    """Return the Board's hearing session the petition is aimed at: the next one entered."""
    today = today or timezone.localdate()
    sessions = [
        h for h in _sorted_hearings(case)
        if h.kind == Hearing.Kind.BOARD_SESSION and h.held_on >= today
    ]  # fmt: skip
    return sessions[0] if sessions else None


def filing_deadline(case: Case, *, today: datetime.date | None = None) -> datetime.date | None:
    """Return the day a clemency petition must be complete by (75 days before its session)."""
    if not case.is_clemency:
        return None
    session = hearing_session(case, today=today)
    return None if session is None else session.held_on - datetime.timedelta(FILING_LEAD_DAYS)


def complete_by(case: Case) -> datetime.date | None:
    """Return the day an incomplete petition must be completed by, or it is discarded."""
    if case.stage != Case.Stage.INCOMPLETE or case.incomplete_on is None:
        return None
    return case.incomplete_on + datetime.timedelta(COMPLETE_WITHIN_DAYS)


def list_deadlines(case: Case, *, today: datetime.date | None = None) -> list[Deadline]:
    """Return the dates an open case faces, soonest first (a passed deadline included)."""
    today = today or timezone.localdate()
    if case.stage in FINAL_STAGES:
        return []
    found: list[Deadline] = []
    filing = filing_deadline(case, today=today)
    if filing is not None and case.stage in BEFORE_DOCKET:
        found.append(Deadline(DeadlineKind.FILING, filing, (filing - today).days))
    by = complete_by(case)
    if by is not None:
        found.append(Deadline(DeadlineKind.COMPLETE_BY, by, (by - today).days))
    for hearing in _sorted_hearings(case):
        if hearing.held_on >= today:
            found.append(
                Deadline(DeadlineKind.HEARING, hearing.held_on, (hearing.held_on - today).days)
            )
    return sorted(found, key=lambda d: (d.due_on, d.kind))


def list_cases_for_reminders() -> QuerySet[Case]:
    """Return the open cases with an owner to remind, with their hearings."""
    return (
        Case.objects.exclude(stage__in=FINAL_STAGES)
        .filter(owner__isnull=False, owner__is_active=True)
        .exclude(owner__email="")
        .select_related("owner")
        .prefetch_related("hearings")
        .order_by("pk")
    )


def has_consent(case_id: int) -> bool:
    """Return whether the case has a consent on record that is not withdrawn."""
    return Consent.objects.filter(case_id=case_id, withdrawn_on__isnull=True).exists()


def current_consent(case: Case) -> Consent | None:
    """Return the latest consent not withdrawn, if any."""
    return case.consents.filter(withdrawn_on__isnull=True).order_by("-recorded_at", "-pk").first()


def _open_actions() -> QuerySet[Action]:
    now = timezone.now()
    return (
        Action.objects.filter(status=Action.Status.LIVE)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("title")
    )


def _public_pages() -> QuerySet[CasePage]:
    # Only the page's own fields and the facility's name: never the case's restricted ones.
    return CasePage.objects.filter(is_published=True).prefetch_related(
        Prefetch("actions", queryset=_open_actions(), to_attr="open_actions")
    )


def list_published_pages() -> list[CasePage]:
    """Return the published pages, most recently published first."""
    return list(_public_pages().order_by("-published_at", "pk"))


def get_published_page(slug: str, *, viewer: AnyUser | None = None) -> CasePage:
    """Return the published page with this slug (CasePage.DoesNotExist if none).

    Staff who may open cases (with two-factor) also get an unpublished one, to preview it.
    """
    pages = CasePage.objects.prefetch_related(
        Prefetch("actions", queryset=_open_actions(), to_attr="open_actions")
    )
    if not can(viewer, "cases"):
        pages = pages.filter(is_published=True)
    return pages.get(slug=slug)


def public_facility(page: CasePage) -> str:
    """Return the facility's name when the organizer chose to show it, else ""."""
    if not page.show_facility:
        return ""
    row = (
        Case.objects.filter(pk=page.case_id, member__isnull=False)
        .values("member__facility__name")
        .first()
    )
    return str(row["member__facility__name"]) if row else ""

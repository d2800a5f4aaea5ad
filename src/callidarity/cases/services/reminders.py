"""Reminders of a case's deadlines to its owner, each sent at most once.

Each day (`callidarity send_case_reminders`, from cron) every open case's upcoming
deadlines are checked against the lead times in CASE_REMINDER_DAYS (14 and 3 days by
default). A deadline within a lead time is due the reminder of the smallest such lead, so
a case opened 2 days before its deadline gets the 3-day reminder only, and a missed cron
run is made up the next day. The notifications key names the case, the deadline's kind,
its date and the lead time: a rerun finds the delivery already there and sends nothing,
while a deadline whose date changed is a new deadline with reminders of its own.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from callidarity.accounts.selectors import role_allows
from callidarity.notifications import services as notifications

from .. import selectors
from ..emails import ReminderMailer
from ..models import Case
from ..selectors import Deadline

logger = logging.getLogger(__name__)

DEFAULT_LEAD_DAYS = (14, 3)


def lead_days() -> tuple[int, ...]:
    """Return the reminder lead times in days, largest first (CASE_REMINDER_DAYS)."""
    raw = getattr(settings, "CASE_REMINDER_DAYS", None)
    if raw is None:
        return DEFAULT_LEAD_DAYS
    try:
        days = {int(str(value).strip()) for value in raw}
    except ValueError:
        raise ImproperlyConfigured(
            f"CASE_REMINDER_DAYS must be whole numbers of days, like 14,3, not {raw!r}."
        ) from None
    if not days or min(days) < 0:
        raise ImproperlyConfigured("CASE_REMINDER_DAYS must list days of 0 or more, like 14,3.")
    return tuple(sorted(days, reverse=True))


def due_lead(deadline: Deadline, leads: tuple[int, ...]) -> int | None:
    """Return the lead time whose reminder is due for this deadline today (None: none)."""
    if deadline.days_left < 0:
        return None
    within = [lead for lead in leads if deadline.days_left <= lead]
    return min(within) if within else None


def reminder_key(case: Case, deadline: Deadline, lead: int) -> str:
    return f"case-reminder:{case.pk}:{deadline.kind}:{deadline.due_on.isoformat()}:{lead}"


@dataclass(frozen=True)
class DueReminder:
    case: Case
    deadline: Deadline
    lead: int


def list_due_reminders(today: datetime.date) -> list[DueReminder]:
    """Return the reminders due today, one per case deadline within a lead time."""
    leads = lead_days()
    due: list[DueReminder] = []
    for case in selectors.list_cases_for_reminders():
        if not role_allows(case.owner, "cases"):
            # She left the casework desk: the case needs a new owner, not her inbox.
            logger.warning("cases.reminder.owner_cannot_act", extra={"case_id": case.pk})
            continue
        for deadline in selectors.list_deadlines(case, today=today):
            lead = due_lead(deadline, leads)
            if lead is not None:
                due.append(DueReminder(case, deadline, lead))
    return due


def send_case_reminders(today: datetime.date | None = None) -> int:
    """Email each case's owner the reminders due today, each once; return how many went."""
    today = today or timezone.localdate()
    sent = 0
    for reminder in list_due_reminders(today):
        owner = reminder.case.owner
        if owner is None:  # list_cases_for_reminders has only cases with an owner
            continue
        key = reminder_key(reminder.case, reminder.deadline, reminder.lead)
        notifications.queue_deliveries(key=key, recipients=[(owner.email, "en")])
        deliveries = notifications.claim_batch(key=key, size=1)
        if not deliveries:
            continue
        mailer = ReminderMailer(reminder.case, reminder.deadline)
        result = notifications.send_batch(deliveries, mailer)
        sent += result.sent
        logger.info(
            "cases.reminder.sent",
            extra={"case_id": reminder.case.pk, "kind": str(reminder.deadline.kind),
                   "lead": reminder.lead, "sent": result.sent},
        )  # fmt: skip
    return sent

"""RSVPs to events: taken within capacity, cancelled from a signed link, reminded once.

Capacity is a hard limit with no waitlist: once every spot is taken, a new RSVP is refused
with a clear "this event is full" (`EventFull`), and a spot freed by a cancellation is open
to the next person who comes. Each RSVP takes the event's row lock first, so concurrent
sign-ups are counted one after another and the count of those going never passes the
capacity. An RSVP is one per supporter (one per email, in any case) and event: sending the
form again changes nothing and is answered as the first time, even when the event has
filled since, so a double click never reads as "full".
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.notifications import services as notifications
from callidarity.supporters.services import upsert_supporter

from . import selectors, tokens
from .emails import ConfirmationMailer, ReminderMailer
from .exceptions import EventClosed, EventError, EventFull
from .models import RSVP, Event

logger = logging.getLogger(__name__)


class RSVPOutcome(enum.StrEnum):
    GOING = "going"  # a new RSVP, or a cancelled one taken up again
    ALREADY = "already"  # this email was already going: nothing changed


@dataclass(frozen=True)
class RSVPResult:
    outcome: RSVPOutcome
    rsvp: RSVP


def _clean_phone(phone: str) -> str:
    return " ".join(phone.split())[: RSVP._meta.get_field("phone").max_length]


@db_transaction.atomic
def rsvp(
    *, event: Event, name: str, email: str, phone: str = "", language: str = "en"
) -> RSVPResult:
    """Put her on the event's list if a spot is left; once per email.

    Raises EventClosed when the event takes no RSVPs, EventFull when every spot is taken,
    and EventError for a missing name or a bad email.
    """
    # The row lock puts sign-ups in line: the count below is exact until we commit.
    locked = Event.objects.select_for_update().filter(pk=event.pk).first()
    if locked is None or not locked.takes_rsvps:
        raise EventClosed(_("This event is not taking RSVPs."))
    name = " ".join(name.split())[:200]
    if not name:
        raise EventError(_("Enter your name."))
    try:
        # Her name stays on the RSVP: a public form does not rename a supporter, whose
        # address anyone can type.
        supporter = upsert_supporter(email=email)
    except ValidationError:
        raise EventError(_("Enter a valid email address, like ana@example.org.")) from None
    # Full comes first, for everyone: answering an address already on the list otherwise
    # would tell a stranger who is going.
    if selectors.spots_left(locked) == 0:
        raise EventFull(_("This event is full. Every spot is taken."))
    existing = RSVP.objects.filter(event=locked, supporter=supporter).first()
    if existing is not None and existing.status == RSVP.Status.GOING:
        return RSVPResult(RSVPOutcome.ALREADY, existing)
    phone = _clean_phone(phone)
    if existing is not None:
        # Back on the list after cancelling. Her name and phone stay as she gave them
        # (whoever typed her address now cannot change them); she is emailed again.
        existing.status = RSVP.Status.GOING
        existing.language = language
        existing.cancelled_at = None
        existing.joined_at = timezone.now()
        existing.save(update_fields=["status", "language", "cancelled_at", "joined_at"])
        answer = existing
    else:
        try:
            # The constraint decides, should the lock ever be bypassed: one row per person.
            with db_transaction.atomic():
                answer = RSVP.objects.create(
                    event=locked, supporter=supporter, name=name, phone=phone, language=language
                )
        except IntegrityError:
            return RSVPResult(
                RSVPOutcome.ALREADY, RSVP.objects.get(event=locked, supporter=supporter)
            )
    from .tasks import send_rsvp_confirmation_task  # tasks import these services

    db_transaction.on_commit(partial(send_rsvp_confirmation_task.enqueue, rsvp_id=answer.pk))
    logger.info("events.rsvp.going", extra={"event_id": locked.pk, "rsvp_id": answer.pk})
    return RSVPResult(RSVPOutcome.GOING, answer)


@db_transaction.atomic
def cancel_rsvp(*, token: str) -> RSVP | None:
    """Cancel the RSVP the signed token names; return it (None for a bad token).

    Cancelling twice changes nothing more; the freed spot is open to the next person.
    """
    rsvp_id = tokens.read_cancel_token(token)
    if rsvp_id is None:
        return None
    found = RSVP.objects.select_for_update().filter(pk=rsvp_id).first()
    if found is None:
        return None
    if found.status == RSVP.Status.GOING:
        found.status = RSVP.Status.CANCELLED
        found.cancelled_at = timezone.now()
        found.save(update_fields=["status", "cancelled_at"])
        logger.info(
            "events.rsvp.cancelled", extra={"event_id": found.event_id, "rsvp_id": found.pk}
        )
    return selectors.get_rsvp(found.pk)


def confirmation_key(rsvp: RSVP) -> str:
    # Each time she joins the list (again, after cancelling) is one confirmation.
    return f"event-rsvp:{rsvp.pk}:{rsvp.joined_at.timestamp():.6f}"


def reminder_key(event: Event) -> str:
    # One reminder per attendee for each start time: a postponed event is reminded again.
    return f"event-reminder:{event.pk}:{event.starts_at.timestamp():.0f}"


# What calendar apps and attendees must hear about again when it changes.
REVISED_FIELDS = frozenset({"starts_at", "ends_at", "timezone", "place", "address",
                            "online_url", "status"})  # fmt: skip


def record_changes(event: Event, changed: Iterable[str]) -> None:
    """Note an organizer's edit of a saved event: a new calendar revision when its time, place
    or status changed, and a new reminder for everyone going when it moved to a new start."""
    changed = set(changed)
    if not changed & REVISED_FIELDS:
        return
    with db_transaction.atomic():
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        if "starts_at" in changed:
            RSVP.objects.filter(event=event).update(reminder_sent_at=None)
    event.refresh_from_db(fields=["sequence"])
    logger.info(
        "events.event.revised",
        extra={"event_id": event.pk, "sequence": event.sequence, "fields": sorted(changed)},
    )


def send_rsvp_confirmation(*, rsvp: RSVP) -> int:
    """Email her the event's details and her cancellation link, once; return how many went."""
    if rsvp.status != RSVP.Status.GOING:
        return 0
    key = confirmation_key(rsvp)
    notifications.queue_deliveries(key=key, recipients=[(rsvp.supporter.email, rsvp.language)])
    deliveries = notifications.claim_batch(key=key, size=1)
    if not deliveries:
        return 0
    return notifications.send_batch(deliveries, ConfirmationMailer(rsvp)).sent


def _queue_reminders(event: Event, now: datetime) -> int:
    with db_transaction.atomic():
        due = list(
            RSVP.objects.select_for_update()
            .filter(event=event, status=RSVP.Status.GOING, reminder_sent_at__isnull=True)
            .select_related("supporter")
            .order_by("pk")
        )
        if not due:
            return 0
        added = notifications.queue_deliveries(
            key=reminder_key(event), recipients=[(r.supporter.email, r.language) for r in due]
        )
        RSVP.objects.filter(pk__in=[r.pk for r in due]).update(reminder_sent_at=now)
    return added


def _send_reminder_batches(event: Event, now: datetime) -> int:
    sent = 0
    key = reminder_key(event)
    while deliveries := notifications.claim_batch(key=key, size=settings.EMAIL_BATCH_SIZE):
        mailer = ReminderMailer(event, now)
        # Someone who cancelled after her reminder was queued gets none.
        gone = [d.pk for d in deliveries if d.email not in mailer.rsvp_ids]
        if gone:
            notifications.skip_deliveries(gone)
        to_send = [d for d in deliveries if d.email in mailer.rsvp_ids]
        if to_send:
            sent += notifications.send_batch(to_send, mailer).sent
    return sent


def send_reminders(now: datetime | None = None) -> int:
    """Remind each going attendee of an event starting within a day, once; return how many
    emails went out.

    An RSVP is marked reminded when its email is queued, and the delivery is unique per
    event and address, so running this again (or two at once) sends no one a second one.
    """
    now = now or timezone.now()
    sent = 0
    for event in selectors.list_events_due_reminders(now):
        _queue_reminders(event, now)
        sent += _send_reminder_batches(event, now)
    return sent

"""The emails an attendee gets: her RSVP's confirmation, and the reminder the day before.

Both carry the event's details in its own time zone, its calendar file, and her own
cancellation link. Links are absolute (`SITE_URL`): these are composed in background tasks.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from callidarity.notifications.models import Delivery

from . import ics, tokens
from .models import RSVP, Event


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def cancel_url(rsvp_id: int) -> str:
    return absolute(reverse("events:rsvp-cancel", args=[tokens.cancel_token(rsvp_id)]))


def _message(
    *, event: Event, rsvp_id: int, to: str, language: str, reminder_at: datetime | None = None
) -> EmailMessage:
    with translation.override(language):
        context = {
            "event": event,
            "event_url": absolute(event.get_absolute_url()),
            "cancel_url": cancel_url(rsvp_id),
            "organization_name": settings.ORGANIZATION_NAME,
        }
        if reminder_at is not None:
            # Reminders go out within a day of the start: "today" when that is the same
            # calendar day where the event happens.
            today = reminder_at.astimezone(event.tzinfo).date() == event.local_starts_at.date()
            context["today"] = today
            if today:
                subject = _("Today: %(title)s") % {"title": event.title}
            else:
                subject = _("Tomorrow: %(title)s") % {"title": event.title}
            body = render_to_string("events/email/reminder.txt", context)
        else:
            subject = _("You are going: %(title)s") % {"title": event.title}
            body = render_to_string("events/email/confirmation.txt", context)
    message = EmailMessage(subject, body, to=[to])
    message.attach(f"{event.slug}.ics", ics.calendar([event], name=event.title), "text/calendar")
    return message


class ConfirmationMailer:
    """Compose the confirmation of one RSVP."""

    def __init__(self, rsvp: RSVP) -> None:
        self.rsvp = rsvp

    def __call__(self, delivery: Delivery) -> EmailMessage:
        return _message(
            event=self.rsvp.event,
            rsvp_id=self.rsvp.pk,
            to=delivery.email,
            language=delivery.language,
        )


class ReminderMailer:
    """Compose an event's reminders, sent at `now`; `rsvp_ids` maps each going attendee's
    email to her RSVP."""

    def __init__(self, event: Event, now: datetime) -> None:
        self.event = event
        self.now = now
        rows = (
            RSVP.objects.filter(event=event, status=RSVP.Status.GOING)
            .annotate(email=Lower("supporter__email"))
            .values_list("email", "pk")
        )
        self.rsvp_ids: dict[str, int] = dict(rows)

    def __call__(self, delivery: Delivery) -> EmailMessage:
        return _message(
            event=self.event,
            rsvp_id=self.rsvp_ids[delivery.email],
            to=delivery.email,
            language=delivery.language,
            reminder_at=self.now,
        )

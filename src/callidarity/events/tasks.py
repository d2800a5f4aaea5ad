"""Background work for events: the RSVP confirmation and the reminders. Thin, by id."""

from __future__ import annotations

from django_tasks import task

from . import selectors, services


@task()
def send_rsvp_confirmation_task(rsvp_id: int) -> int:
    """Email an RSVP's confirmation; return how many emails went out."""
    found = selectors.get_rsvp(rsvp_id)
    return 0 if found is None else services.send_rsvp_confirmation(rsvp=found)


@task()
def send_reminders_task() -> int:
    """Remind the attendees of the events starting within a day; return how many went."""
    return services.send_reminders()

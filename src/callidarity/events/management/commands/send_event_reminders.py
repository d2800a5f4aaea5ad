"""Email each attendee of an event starting within a day her one reminder.

Run it every 15 minutes or so (cron or a systemd timer): an attendee is reminded once,
whenever the run falls inside the day before her event.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from callidarity.events.services import send_reminders


class Command(BaseCommand):
    help = "Email the day-before reminders of events (each attendee once)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")

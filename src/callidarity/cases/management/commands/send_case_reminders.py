"""Email each case's owner the reminders due today of the case's deadlines.

Run it once a day from cron (e.g. at 7:00): each reminder goes out once, however often it
runs, and a day the command missed is made up by the next run.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callidarity.cases.services import send_case_reminders


class Command(BaseCommand):
    help = "Email case owners their deadline reminders due today (each reminder once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD), to catch up or to test.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today takes a date like 2027-01-15.") from None
        sent = send_case_reminders(today)
        self.stdout.write(f"{sent} reminder(s) sent.")

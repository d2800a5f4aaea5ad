"""Move on the bills whose stage changes with time alone (run it daily from cron).

A bill the Governor has held 60 calendar days without acting becomes law the next day; a
bill still pending (or an amendatory veto still unanswered) when the next General Assembly
convenes dies. Followers are emailed once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from callidarity.legislation.services.imports import refresh_stages


class Command(BaseCommand):
    help = (
        "Move on bills whose stage changes with time (the Governor's 60 days, the session's end)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="Decide the stages as of this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        changes = refresh_stages(options["as_of"] or timezone.localdate())
        for change in changes:
            self.stdout.write(f"{change.bill}: moved {change.from_stage} → {change.to_stage}")
        self.stdout.write(f"{len(changes)} bill(s) moved.")

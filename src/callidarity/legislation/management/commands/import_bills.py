"""Import bills from OpenStates API v3 bill JSON (a file, a page of results, or a folder)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from callidarity.legislation.services.imports import import_bills


class Command(BaseCommand):
    help = (
        "Import OpenStates bill JSON: a file holding one bill, a list of bills or an API page "
        '({"results": [...]}), or a folder of .json files. Idempotent: a bill already on record '
        "is updated (its history, sponsors and stage), never its position, text or status."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="file-or-folder")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the bills this run creates (bills already on record keep their status).",
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="Decide the stages as of this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"] or timezone.localdate()
        report = import_bills(options["paths"], as_of=as_of, publish=options["publish"])
        for result in report.results:
            if result.created or result.updated:
                self.stdout.write(result.describe())
        self.stdout.write(
            f"{report.count('created')} created, {report.count('updated')} updated "
            f"({report.count('moved')} moved to a new stage), "
            f"{len(report.results) - report.count('created') - report.count('updated')} unchanged"
        )
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} bill(s) or file(s) could not be imported.")

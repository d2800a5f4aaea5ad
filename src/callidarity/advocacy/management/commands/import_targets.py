"""Load targets that OpenStates does not have (State's Attorneys, agencies) from CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callidarity.advocacy.services import TargetCsvError, import_manual_targets


class Command(BaseCommand):
    help = (
        "Create or update targets entered by organizers from a CSV with the columns name, "
        "title, jurisdiction, chamber, district, party, email, phone, address."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text; save it as CSV UTF-8") from None
        try:
            created, updated = import_manual_targets(rows)
        except TargetCsvError as error:
            raise CommandError("\n".join([f"{path}:", *error.problems])) from None
        self.stdout.write(f"{created} targets created, {updated} updated")

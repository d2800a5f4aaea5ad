"""Load targets that OpenStates does not have (State's Attorneys, agencies) from CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from callidarity.advocacy.services import TargetCsvError, import_manual_targets
from callidarity.core.management.csvinput import open_csv, problems_error


class Command(BaseCommand):
    help = (
        "Create or update targets entered by organizers from a CSV with the columns name, "
        "title, jurisdiction, chamber, district, party, email, phone, address."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        with open_csv(path) as handle:
            rows = list(csv.DictReader(handle))
        try:
            created, updated = import_manual_targets(rows)
        except TargetCsvError as error:
            raise problems_error(path, error.problems) from None
        self.stdout.write(f"{created} targets created, {updated} updated")

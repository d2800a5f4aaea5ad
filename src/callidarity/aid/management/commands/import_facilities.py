"""Load facilities from a CSV file (same columns as aid/data/illinois_facilities.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from callidarity.aid.facility_csv import FacilityCsvError, read_facilities
from callidarity.aid.services import import_facilities
from callidarity.core.management.csvinput import open_csv, problems_error


class Command(BaseCommand):
    help = (
        "Create or update facilities (matched by name) from a CSV file with the columns of "
        "aid/data/illinois_facilities.csv; nothing is loaded from a file with any bad line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        try:
            with open_csv(path) as handle:
                rows = read_facilities(handle)
        except FacilityCsvError as error:
            raise problems_error(path, error.problems) from None
        created, updated = import_facilities(rows)
        self.stdout.write(f"{created} facilities created, {updated} updated")

"""Load the ZIP-code-to-legislative-district table (CSV: zip, chamber, district)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from callidarity.advocacy.services import DistrictCsvError, import_districts
from callidarity.core.management.csvinput import open_csv, problems_error


class Command(BaseCommand):
    help = (
        "Replace the ZIP-to-district table from a CSV with the columns zip, chamber "
        "(upper or lower) and district; see the README for building it from Census files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        with open_csv(path) as handle:
            rows = list(csv.DictReader(handle))
        try:
            count = import_districts(rows)
        except DistrictCsvError as error:
            raise problems_error(path, error.problems) from None
        self.stdout.write(f"{count} ZIP code and district pairs loaded")

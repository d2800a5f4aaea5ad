"""Load facilities from a CSV file (same columns as aid/data/illinois_facilities.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callidarity.aid.facility_csv import FacilityCsvError, read_facilities
from callidarity.aid.services import import_facilities


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
            with path.open(newline="", encoding="utf-8-sig") as handle:
                rows = read_facilities(handle)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text; save it as CSV UTF-8") from None
        except FacilityCsvError as error:
            raise CommandError("\n".join([f"{path}:", *error.problems])) from None
        created, updated = import_facilities(rows)
        self.stdout.write(f"{created} facilities created, {updated} updated")

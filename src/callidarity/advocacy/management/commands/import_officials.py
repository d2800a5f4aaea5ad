"""Import a state's officials from OpenStates people YAML."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callidarity.advocacy.openstates import OpenStatesError
from callidarity.advocacy.services import import_officials


class Command(BaseCommand):
    help = (
        "Import OpenStates people YAML (a state's folder with legislature/ and executive/): "
        "roles current today only, idempotent by OpenStates id; people who left are retired."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            default=None,
            help="Decide which roles are current on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_officials(options["directory"], on=options["on"])
        except OpenStatesError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.retired} retired"
        )

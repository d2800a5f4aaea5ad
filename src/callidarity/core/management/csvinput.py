"""Opening a CSV file named on the command line, with errors people can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from django.core.management.base import CommandError


@contextmanager
def open_csv(path: Path) -> Iterator[TextIO]:
    """Yield the file as UTF-8 text (a spreadsheet's BOM dropped), or raise CommandError."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield handle
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text; save it as CSV UTF-8") from None


def problems_error(path: Path, problems: list[str]) -> CommandError:
    """Return the error listing every bad line of a file."""
    return CommandError("\n".join([f"{path}:", *problems]))

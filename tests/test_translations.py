"""Every user-facing string has a Spanish translation, and the catalogue is up to date."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "callidarity"

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext is not installed",
)


def _statistics(po_file: Path) -> dict[str, int]:
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", os.devnull, str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


def test_the_spanish_catalogue_is_complete() -> None:
    counts = _statistics(PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po")
    assert counts["translated"] > 100
    assert counts["fuzzy"] == 0
    assert counts["untranslated"] == 0


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """Re-extract the strings from a copy of the code; none may be new or untranslated."""
    copy = tmp_path / "callidarity"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    # Settings without LOCALE_PATHS, so makemessages writes into the copy, never the source.
    (tmp_path / "copy_settings.py").write_text(
        "from callidarity.settings import *  # noqa: F403\nLOCALE_PATHS = []\n"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "copy_settings",
        "PYTHONPATH": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "-m", "callidarity", "makemessages", "-l", "es", "--no-location", "-v0"],
        cwd=copy,
        env=env,
        check=True,
    )
    counts = _statistics(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")
    assert counts["untranslated"] == 0, "run `make makemessages` and translate the new strings"
    assert counts["fuzzy"] == 0, "review the fuzzy entries in the Spanish catalogue"

"""Browser fixtures: Debian's Chromium driven by Playwright, a phone-sized page, axe-core."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# Playwright's own browser download does not work here; Debian's build does, with these flags.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 800}  # a cheap Android phone
DESKTOP = {"width": 1280, "height": 800}
# Set CALLIDARITY_SCREENSHOTS=/tmp/shots to keep a screenshot of each page a test checks.
SHOTS_DIR = os.environ.get("CALLIDARITY_SCREENSHOTS", "")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium headless instead of a Playwright-downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Open every page on a 360 by 800 phone screen, in English unless a test says otherwise."""
    return {**browser_context_args, "viewport": PHONE, "locale": "en-US"}


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = page.evaluate("axe.run()")
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Return one readable line per axe violation: rule id, impact and the elements hit."""
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return "\n".join(lines)


@pytest.fixture
def axe_violations() -> Callable[[Page], list[dict[str, Any]]]:
    """Return a function that runs axe-core on a page and returns its violations."""
    return _axe_violations


def _scroll_width(page: Page) -> int:
    return int(page.evaluate("document.scrollingElement.scrollWidth"))


@pytest.fixture
def scroll_width() -> Callable[[Page], int]:
    """Return a function giving the page's full width (more than the viewport = sideways scroll)."""
    return _scroll_width


def _shot(page: Page, name: str) -> None:
    if SHOTS_DIR:
        Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS_DIR) / f"{name}.png"), full_page=True)


@pytest.fixture
def shot() -> Callable[[Page, str], None]:
    """Return a function saving a full-page screenshot when CALLIDARITY_SCREENSHOTS is set."""
    return _shot


class PageAudit:
    """Check each page a walk reaches: its language, no sideways scroll on a phone, an
    optional screenshot, and axe-core. Violations are gathered, not raised, so one run
    names every page that fails: end the walk with `assert audit.failures() == {}`."""

    def __init__(
        self, page: Page, language: str | None = None, *, phone: bool = True, shots: str = ""
    ) -> None:
        self.page = page
        self.language = language
        self.phone = phone
        self.shots = shots
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, name: str) -> None:
        if self.language:
            expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        if self.phone:
            assert _scroll_width(self.page) <= PHONE["width"], name
        if self.shots:
            _shot(self.page, f"{self.shots}-{name}")
        self.found[name] = _axe_violations(self.page)

    def failures(self) -> dict[str, str]:
        """Return the pages with violations, each with one readable line per violation."""
        return {name: describe_violations(v) for name, v in self.found.items() if v}

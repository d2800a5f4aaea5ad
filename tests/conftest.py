"""Fixtures shared by every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from callidarity.aid.facility_csv import read_facilities
from callidarity.aid.services import import_facilities
from callidarity.campaigns.models import Campaign
from callidarity.campaigns.services import create_campaign
from callidarity.core.money import Money
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account
from tests.smtp import SmtpSink


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    """Run `postgres` tests on PostgreSQL only: skipped elsewhere, a failure when CI=true."""
    if request.node.get_closest_marker("postgres") is None:
        return
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI") == "true":
        pytest.fail("this test needs PostgreSQL, and CI=true does not allow skipping it")
    pytest.skip("needs DATABASE_URL=postgres://… (`make test` provides one)")


@pytest.fixture
def fund(db: None) -> Account:
    return open_account(code="fund:test", name="Test fund", kind=Account.Kind.FUND)


# Opened (not just fetched) because a `transaction=True` test flushes the rows migrations made.
@pytest.fixture
def processor(db: None) -> Account:
    return open_account(code="assets:processor", name="Processor", kind=Account.Kind.ASSET)


@pytest.fixture
def bank(db: None) -> Account:
    return open_account(code="assets:bank", name="Bank", kind=Account.Kind.ASSET)


@pytest.fixture
def campaign(db: None) -> Campaign:
    return create_campaign(
        slug="phones",
        title="Phone funds for moms inside",
        goal=Money(2_000_000, "USD"),
        story="Calls home **every week**.",
        status=Campaign.Status.LIVE,
    )


SHIPPED_CSV = (
    Path(__file__).resolve().parents[1] / "src/callidarity/aid/data/illinois_facilities.csv"
)


@pytest.fixture
def illinois(db: None) -> None:
    """Load the shipped facilities (again: a `transaction=True` test flushed the migration's)."""
    with SHIPPED_CSV.open(newline="") as handle:
        import_facilities(read_facilities(handle))


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Start each test with an empty shared cache (rate-limit counters outlive tests)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_min_fill_time(settings: object) -> None:
    """Let tests post forms at once; the spam guard's own tests set a minimum back."""
    settings.FORM_MIN_FILL_SECONDS = 0  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory, settings: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))  # type: ignore[attr-defined]


@pytest.fixture
def smtp(settings: object) -> Iterator[SmtpSink]:
    """Run a real SMTP server and send the app's email to it."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST = sink.host  # type: ignore[attr-defined]
    settings.EMAIL_PORT = sink.port  # type: ignore[attr-defined]
    settings.EMAIL_USE_TLS = False  # type: ignore[attr-defined]
    settings.EMAIL_USE_SSL = False  # type: ignore[attr-defined]
    settings.EMAIL_HOST_USER = ""  # type: ignore[attr-defined]
    settings.EMAIL_HOST_PASSWORD = ""  # type: ignore[attr-defined]
    try:
        yield sink
    finally:
        sink.stop()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a browser-parametrized test outside tests/e2e/.

    A fixture named like one of Playwright's (`page`, `browser`, `context`) makes Playwright
    parametrize the test with its session-wide browser, whatever the fixture holds; pytest
    then regroups tests by that parameter, undoing pytest-django's order (database tests
    first, then the ones that flush it), and tests that need the rows migrations made fail
    far from the cause.
    """
    stray = [
        item.nodeid
        for item in items
        if "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
        and "/e2e/" not in item.nodeid.replace("\\", "/")
    ]
    if stray:
        raise pytest.UsageError(
            "These tests take Playwright's browser fixtures outside tests/e2e/ (rename a "
            "fixture called page, browser or context): " + ", ".join(stray[:5])
        )

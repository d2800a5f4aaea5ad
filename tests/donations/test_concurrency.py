"""Concurrent webhook deliveries over real HTTP record exactly one gift (and one fee).

On PostgreSQL the app runs in Django's threaded live server, whose request threads each hold
their own connection; its listen backlog is widened from Django's 10 so that 50 connections
opened at once are all queued (an overflowing backlog resets connections on some kernels).

On SQLite a live server cannot serve this: the test database is an in-memory, shared-cache
database, so the live server hands every request thread the test's one connection (Django's
`connections_override`). Concurrent requests then share one transaction state and
fail with "database table is locked", and the flush after a `transaction=True` test runs
DELETE, which the ledger's append-only trigger refuses. So the SQLite variant serves the app
as production does: gunicorn (4 processes of 13 threads) over a migrated SQLite file with WAL,
IMMEDIATE transactions and a busy timeout, and reads the results from that file.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from pytest_django import Settings

from callidarity.campaigns.models import Campaign
from callidarity.donations.models import Donation, Receipt, StripeEvent
from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Transaction
from callidarity.notifications.models import Delivery
from tests import fakestripe
from tests.fakestripe import FakeStripe

from .conftest import WEBHOOK_SECRET, WEBHOOK_URL

DELIVERIES = 50
PI = "pi_test_concurrent"
CHARGE = "ch_test_concurrent"
FEE = 103
EXPECTED_TRANSACTIONS = [("gift", f"gift:{PI}"), ("processor_fee", f"fee:{CHARGE}")]


@dataclass(frozen=True)
class Outcome:
    succeeded: int
    stripe_events: int
    transactions: list[tuple[str, str]]
    violations: list[str]


def _post_all(base_url: str, deliveries: list[tuple[bytes, str]]) -> list[int]:
    """POST every (body, signature) at once, each from its own thread; return the statuses."""
    parts = urlsplit(base_url)
    gate = threading.Barrier(len(deliveries))

    def post(delivery: tuple[bytes, str]) -> int:
        body, header = delivery
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        try:
            conn.connect()
            gate.wait()  # every connection is open: release the requests together
            conn.request(
                "POST",
                WEBHOOK_URL,
                body,
                {"Content-Type": "application/json", "Stripe-Signature": header},
            )
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=len(deliveries)) as pool:
        return list(pool.map(post, deliveries))


def _progress(base_url: str, slug: str) -> tuple[int, int]:
    """Return (raised_cents, donor_count) from the public API."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.request("GET", f"/api/campaigns/{slug}/")
        response = conn.getresponse()
        assert response.status == 200
        data: dict[str, Any] = json.loads(response.read())
    finally:
        conn.close()
    return data["raised_cents"], data["donor_count"]


def _same_event(public_id: str) -> list[tuple[bytes, str]]:
    event = fakestripe.checkout_completed("cs_test_concurrent", public_id, PI, 2500)
    return [fakestripe.signed(event, WEBHOOK_SECRET)] * DELIVERIES


def _distinct_events(public_id: str) -> list[tuple[bytes, str]]:
    return [
        fakestripe.signed(
            fakestripe.checkout_completed("cs_test_concurrent", public_id, PI, 2500),
            WEBHOOK_SECRET,
        )
        for _ in range(DELIVERIES)
    ]


# --- PostgreSQL: the app in a threaded live server -----------------------------------------


class _WideBacklogServer(ThreadedWSGIServer):
    request_queue_size = 2 * DELIVERIES


class _WideBacklogServerThread(LiveServerThread):
    server_class = _WideBacklogServer


@pytest.fixture
def app_url(transactional_db: None, settings: Settings) -> Iterator[str]:
    """Serve the app over HTTP from a thread for the length of one test; return its URL."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    thread = _WideBacklogServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error is not None:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()


def _orm_outcome() -> Outcome:
    return Outcome(
        succeeded=Donation.objects.filter(status=Donation.Status.SUCCEEDED).count(),
        stripe_events=StripeEvent.objects.count(),
        transactions=sorted(Transaction.objects.values_list("kind", "idempotency_key")),
        violations=find_violations(),
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("make_deliveries", "events_stored"),
    [(_same_event, 1), (_distinct_events, DELIVERIES)],
    ids=["same-event", "distinct-events"],
)
def test_concurrent_deliveries_record_one_gift_on_postgres(
    app_url: str,
    campaign: Campaign,
    pending: Donation,
    fake_stripe: FakeStripe,
    make_deliveries: Any,
    events_stored: int,
) -> None:
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=CHARGE, fee_cents=FEE)
    assert _progress(app_url, campaign.slug) == (0, 0)

    statuses = _post_all(app_url, make_deliveries(str(pending.public_id)))

    assert statuses == [200] * DELIVERIES
    assert _progress(app_url, campaign.slug) == (2500, 1)
    assert _orm_outcome() == Outcome(
        succeeded=1,
        stripe_events=events_stored,
        transactions=EXPECTED_TRANSACTIONS,
        violations=[],
    )
    pending.refresh_from_db()
    assert (pending.status, pending.payment_intent_id) == (Donation.Status.SUCCEEDED, PI)
    # One receipt, emailed once (the immediate task backend runs it in each request).
    assert list(Receipt.objects.values_list("donation_id", flat=True)) == [pending.pk]
    assert list(Delivery.objects.values_list("key", "status")) == [
        (f"receipt:{pending.pk}", Delivery.Status.SENT)
    ]


# --- SQLite: the app under gunicorn over a SQLite file -------------------------------------

SEED = """
import django
django.setup()
from callidarity.campaigns.services import create_campaign
from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations.services import create_pending_donation
campaign = create_campaign(slug="phones", title="Phones", goal=Money(100000, "USD"),
                           story="", status=Campaign.Status.LIVE)
donation = create_pending_donation(fund_account=campaign.fund_account, amount=Money(2500, "USD"),
                                   email="ada@example.org", provider="stripe")
print(donation.public_id)
"""


@dataclass(frozen=True)
class SqliteApp:
    base_url: str
    db_path: Path
    env: dict[str, str]
    public_id: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    parts = urlsplit(base_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer /healthz in time")


@pytest.fixture
def sqlite_app(tmp_path: Path, fake_stripe: FakeStripe) -> Iterator[SqliteApp]:
    """Serve the app with gunicorn over a fresh, migrated SQLite file; stop it afterwards."""
    db_path = tmp_path / "callidarity.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "CALLIDARITY_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": "concurrency-test-" + "k3y-" * 12,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": "locmem://",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "STRIPE_SECRET_KEY": "sk_test_callidarity",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": fake_stripe.url,
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "callidarity.settings",
    }
    python = sys.executable
    subprocess.run([python, "-m", "callidarity", "migrate", "-v0"], env=env, check=True)
    seeded = subprocess.run(
        [python, "-c", SEED], env=env, check=True, capture_output=True, text=True
    )
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "callidarity.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--worker-class",
            "gthread",
            "--threads",
            "13",
            "--no-control-socket",
            "--preload",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        _wait_until_up(base_url, server)
        yield SqliteApp(
            base_url=base_url, db_path=db_path, env=env, public_id=seeded.stdout.strip()
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def _sqlite_outcome(app: SqliteApp) -> Outcome:
    with sqlite3.connect(app.db_path) as db:
        succeeded = db.execute(
            "SELECT count(*) FROM donations_donation WHERE status = 'succeeded'"
        ).fetchone()[0]
        events = db.execute("SELECT count(*) FROM donations_stripeevent").fetchone()[0]
        transactions = sorted(
            db.execute("SELECT kind, idempotency_key FROM ledger_transaction").fetchall()
        )
    db.close()
    verify = subprocess.run(
        [sys.executable, "-m", "callidarity", "verify_ledger"],
        env=app.env,
        capture_output=True,
        text=True,
    )
    return Outcome(
        succeeded=succeeded,
        stripe_events=events,
        transactions=transactions,
        violations=[] if verify.returncode == 0 else verify.stderr.splitlines(),
    )


@pytest.mark.parametrize(
    ("make_deliveries", "events_stored"),
    [(_same_event, 1), (_distinct_events, DELIVERIES)],
    ids=["same-event", "distinct-events"],
)
def test_concurrent_deliveries_record_one_gift_on_sqlite(
    sqlite_app: SqliteApp, fake_stripe: FakeStripe, make_deliveries: Any, events_stored: int
) -> None:
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=CHARGE, fee_cents=FEE)
    assert _progress(sqlite_app.base_url, "phones") == (0, 0)

    statuses = _post_all(sqlite_app.base_url, make_deliveries(sqlite_app.public_id))

    assert statuses == [200] * DELIVERIES
    assert _progress(sqlite_app.base_url, "phones") == (2500, 1)
    assert _sqlite_outcome(sqlite_app) == Outcome(
        succeeded=1,
        stripe_events=events_stored,
        transactions=EXPECTED_TRANSACTIONS,
        violations=[],
    )

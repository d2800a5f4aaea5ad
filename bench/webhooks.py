"""Webhook throughput: signed checkout.session.completed events recorded per second.

    DATABASE_URL=postgres://… uv run python bench/webhooks.py [--smoke] [--events N]

Makes a fresh database beside the one DATABASE_URL names (`<name>_bench` on PostgreSQL, a
temporary file on SQLite, or without DATABASE_URL), migrates it, creates a campaign with N
pending Stripe donations, and serves the app with gunicorn (sync workers, production
settings, persistent connections). A pool of keep-alive client threads then delivers one
signed, distinct event per donation. The same run measures a minimal baseline: a bare Django
app (defined below, no middleware) that verifies the same signature with
`stripe.WebhookSignature.verify_header` and inserts two rows. Prints both rates and their
ratio, and for reference the app's rate for an event it only stores (its fixed cost per
delivery). Then checks that exactly N donations succeeded and the ledger has no violation.
A benchmark, not a test: it prints figures and fails only when the outcome is wrong.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from callidarity.core.keys import new_encryption_key

ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET = "whsec_bench_" + "0123456789abcdef" * 2
SIGNATURE_TOLERANCE = 300
WARMUP_PER_CONNECTION = 3


# --- the minimal baseline app (imported by gunicorn as `webhooks:minimal_app()`) ----------


def minimal_app() -> Any:
    """Return a WSGI app: one view that verifies a Stripe signature and inserts two rows."""
    import dj_database_url
    from django.conf import settings

    db = dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["CONN_MAX_AGE"] = 0
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        db["CONN_HEALTH_CHECKS"] = True
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ["SECRET_KEY"],
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF="webhooks",
        DATABASES={"default": db},
        INSTALLED_APPS=[],
        MIDDLEWARE=[],
        USE_TZ=True,
    )
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def minimal_view(request: Any) -> Any:
    """Verify the signature, then insert the event and one row it describes."""
    import stripe
    from django.db import connection, transaction
    from django.http import JsonResponse
    from django.utils import timezone

    try:
        text = request.body.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            text, request.headers.get("Stripe-Signature"), WEBHOOK_SECRET, SIGNATURE_TOLERANCE
        )
        event = json.loads(text)
        obj = event["data"]["object"]
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError, KeyError):
        return JsonResponse({"error": "invalid payload or signature"}, status=400)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_event (event_id, type, received_at) VALUES (%s, %s, %s)",
            [event["id"], event["type"], timezone.now()],
        )
        cursor.execute(
            "INSERT INTO bench_payment (reference, amount_cents) VALUES (%s, %s)",
            [obj.get("client_reference_id") or "", int(obj.get("amount_total") or 0)],
        )
    return JsonResponse({"received": True})


def _urlpatterns() -> list[Any]:
    from django.urls import path

    return [path("webhooks/stripe/", minimal_view)]


def __getattr__(name: str) -> Any:
    # Django reads `urlpatterns` from ROOT_URLCONF lazily, after settings are configured.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


# --- preparing the database -----------------------------------------------------------------


def fresh_database(base_url: str | None, workdir: Path) -> str:
    """Create an empty database for this run and return its URL."""
    if not base_url or base_url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    parts = urlsplit(base_url)
    name = parts.path.lstrip("/") + "_bench"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(url: str, base_url: str | None) -> None:
    """Drop the PostgreSQL database this run created (SQLite files go with the workdir)."""
    if not base_url or url.startswith("sqlite"):
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def prepare(n: int) -> tuple[str, list[str]]:
    """Migrate, create the baseline's tables, a campaign and n pending donations."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from callidarity.campaigns.models import Campaign
    from callidarity.campaigns.services import create_campaign
    from callidarity.core.money import Money
    from callidarity.donations.models import Donation
    from callidarity.supporters.services import upsert_supporter

    call_command("migrate", verbosity=0)
    pk = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE bench_event (id {pk}, event_id VARCHAR(255) NOT NULL UNIQUE, "
            "type VARCHAR(100) NOT NULL, received_at TIMESTAMP WITH TIME ZONE NOT NULL)"
        )
        cursor.execute(
            f"CREATE TABLE bench_payment (id {pk}, reference VARCHAR(64) NOT NULL, "
            "amount_cents BIGINT NOT NULL)"
        )
    campaign = create_campaign(
        slug="bench",
        title="Benchmark",
        goal=Money(100_000_000, "USD"),
        story="",
        status=Campaign.Status.LIVE,
    )
    donors = [upsert_supporter(email=f"donor{i}@example.org") for i in range(min(n, 200))]
    Donation.objects.bulk_create(
        (
            Donation(
                fund_account=campaign.fund_account,
                donor=donors[i % len(donors)],
                amount_cents=2500,
                currency="USD",
                provider=Donation.Provider.STRIPE,
                checkout_session_id=f"cs_test_bench_{i:06d}",
            )
            for i in range(n)
        ),
        batch_size=1000,
    )
    public_ids = [
        str(p) for p in Donation.objects.order_by("pk").values_list("public_id", flat=True)
    ]
    connection.close()
    return campaign.slug, public_ids


# --- events and load --------------------------------------------------------------------------


def sign(body: bytes) -> str:
    import hashlib
    import hmac

    ts = int(time.time())
    mac = hmac.new(WEBHOOK_SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256)
    return f"t={ts},v1={mac.hexdigest()}"


def make_event(event_type: str, obj: dict[str, Any]) -> tuple[bytes, str]:
    event = {
        "id": f"evt_test_{uuid.uuid4().hex}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }
    body = json.dumps(event, separators=(",", ":")).encode()
    return body, sign(body)


def checkout_completed(public_id: str, index: int) -> tuple[bytes, str]:
    return make_event(
        "checkout.session.completed",
        {
            "id": f"cs_test_bench_{index:06d}",
            "object": "checkout.session",
            "amount_subtotal": 2500,
            "amount_total": 2500,
            "client_reference_id": public_id,
            "currency": "usd",
            "customer_details": {"email": "donor@example.org", "name": None},
            "livemode": False,
            "metadata": {"donation": public_id},
            "mode": "payment",
            "payment_intent": f"pi_test_bench_{index:06d}",
            "payment_status": "paid",
            "status": "complete",
            "url": None,
        },
    )


def warmup_event() -> tuple[bytes, str]:
    # A type the app stores and ignores: opens each worker's connection, writes one row.
    return make_event("customer.created", {"id": f"cus_{uuid.uuid4().hex}", "object": "customer"})


def fire(
    port: int, deliveries: list[tuple[bytes, str]], concurrency: int
) -> tuple[float, dict[int, int]]:
    """Deliver everything from `concurrency` keep-alive clients; return seconds and statuses."""
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start_gate = threading.Barrier(concurrency + 1)
    chunks = [deliveries[i::concurrency] for i in range(concurrency)]

    def client(chunk: list[tuple[bytes, str]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        counts: dict[int, int] = {}
        start_gate.wait()
        for body, header in chunk:
            conn.request(
                "POST",
                "/webhooks/stripe/",
                body,
                {"Content-Type": "application/json", "Stripe-Signature": header},
            )
            response = conn.getresponse()
            response.read()
            counts[response.status] = counts.get(response.status, 0) + 1
        conn.close()
        with lock:
            for status, count in counts.items():
                statuses[status] = statuses.get(status, 0) + count

    threads = [threading.Thread(target=client, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, statuses


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int, *extra: str) -> Iterator[int]:
    """Serve `app` with gunicorn sync workers on a free port; stop it on exit."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
            *extra,
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn ({app}) exited with {server.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn ({app}) did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(
    label: str,
    port: int,
    deliveries: list[tuple[bytes, str]],
    concurrency: int,
) -> float:
    # Warm every worker (imports, first queries, connection) before timing.
    _seconds, warm_statuses = fire(
        port, [warmup_event() for _ in range(concurrency * WARMUP_PER_CONNECTION)], concurrency
    )
    if set(warm_statuses) != {200}:
        raise SystemExit(f"{label}: warm-up answered {warm_statuses}")
    seconds, statuses = fire(port, deliveries, concurrency)
    if statuses != {200: len(deliveries)}:
        raise SystemExit(f"{label}: expected {len(deliveries)} x 200, got {statuses}")
    return len(deliveries) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny run (50 events)")
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args()
    n = 50 if args.smoke else args.events
    concurrency = min(args.concurrency, 8) if args.smoke else args.concurrency

    base_url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="callidarity-bench-") as tmp:
        workdir = Path(tmp)
        (workdir / "static").mkdir()  # STATIC_ROOT: whitenoise warns when it is missing
        url = fresh_database(base_url, workdir)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "callidarity.settings",
            "DATABASE_URL": url,
            "CALLIDARITY_VAR_DIR": str(workdir),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            # Production settings refuse to start without field-encryption keys.
            "FIELD_ENCRYPTION_KEYS": new_encryption_key(),
            "FIELD_HASH_KEY": secrets.token_urlsafe(48),
            "STRIPE_SECRET_KEY": "sk_test_bench",
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            # A port nothing listens on: the fee lookup is queued, never sent to Stripe.
            "STRIPE_API_BASE": f"http://127.0.0.1:{free_port()}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "CACHE_URL": "locmem://",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT / "bench"), os.environ.get("PYTHONPATH", "")]
            ).rstrip(os.pathsep),
        }
        os.environ.update(env)
        try:
            slug, public_ids = prepare(n)
            print(
                f"{n} events, {concurrency} clients, {args.workers} gunicorn sync workers, "
                f"{url.split(':', 1)[0]}"
            )
            app_events = [checkout_completed(pid, i) for i, pid in enumerate(public_ids)]
            with gunicorn("callidarity.wsgi", env, args.workers) as port:
                app_rate = measure("app", port, app_events, concurrency)
                # The same app storing events it ignores: its fixed cost per delivery
                # (middleware, signature, one insert), without recording a gift.
                stored_rate = measure(
                    "app (ignored events)", port, [warmup_event() for _ in range(n)], concurrency
                )
            base_events = [checkout_completed(str(uuid.uuid4()), i) for i in range(n)]
            with gunicorn("webhooks:minimal_app()", env, args.workers) as port:
                base_rate = measure("baseline", port, base_events, concurrency)
            problems = verify(slug, n, concurrency)
        finally:
            from django.db import connections

            connections.close_all()
            drop_database(url, base_url)

    print(f"checkout.session.completed recorded/s: {app_rate:.0f}")
    print(f"minimal signed-insert view/s: {base_rate:.0f}")
    print(
        f"for reference, the app storing an event it ignores/s: {stored_rate:.0f} "
        f"(ratio {stored_rate / base_rate:.2f})"
    )
    print(f"ratio: {app_rate / base_rate:.2f} (goal ≥ 0.5)")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def verify(slug: str, n: int, concurrency: int) -> list[str]:
    """Return what is wrong with the outcome (nothing, when every event was recorded once)."""
    from django.db import connection

    from callidarity.campaigns.models import Campaign
    from callidarity.campaigns.selectors import get_progress
    from callidarity.donations.models import Donation, StripeEvent
    from callidarity.ledger.checks import find_violations
    from callidarity.ledger.models import Transaction

    problems = [f"ledger: {line}" for line in find_violations()]
    succeeded = Donation.objects.filter(status=Donation.Status.SUCCEEDED).count()
    if succeeded != n or Donation.objects.count() != n:
        problems.append(f"{succeeded} of {Donation.objects.count()} donations succeeded, not {n}")
    gifts = Transaction.objects.filter(kind=Transaction.Kind.GIFT).count()
    if gifts != n:
        problems.append(f"{gifts} gift transactions, not {n}")
    events = StripeEvent.objects.filter(type="checkout.session.completed").count()
    if events != n:
        problems.append(f"{events} checkout events stored, not {n}")
    raised = get_progress(Campaign.objects.get(slug=slug)).raised_cents
    if raised != 2500 * n:
        problems.append(f"raised {raised} cents, not {2500 * n}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_event")
        rows = cursor.fetchone()[0]
    expected = n + concurrency * WARMUP_PER_CONNECTION
    if rows != expected:
        problems.append(f"baseline stored {rows} events, not {expected}")
    return problems


if __name__ == "__main__":
    sys.exit(main())

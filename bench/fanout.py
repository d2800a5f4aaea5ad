"""Update fan-out: one update emailed to N followers through a local SMTP server.

    DATABASE_URL=postgres://… uv run python bench/fanout.py [--smoke] [--followers N]

Migrates the database DATABASE_URL names (a throw-away one: the script refuses one that
already has followers; without DATABASE_URL it uses a temporary SQLite file), creates a
campaign with N confirmed followers (100,000 by default, 200 with --smoke), and starts an
SMTP server (aiosmtpd) in its own process that counts what it receives. A fresh process
then publishes one update and sends it the way production does (the publish enqueues the
fan-out, the fan-out enqueues batches of EMAIL_BATCH_SIZE, each batch sends over one SMTP
connection), with the immediate task backend so that everything runs in that one process.
Prints the time from publishing to the last message accepted, the rate, and the sending
process's peak resident memory (goal: ≤ 5 minutes and ≤ 300 MB for 100,000). Then checks
that the server received exactly N messages and that sending again delivers none.
A benchmark, not a test: it prints figures and fails only when the outcome is wrong.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 300
GOAL_MB = 300

SINK = """
import asyncio, signal, sys, threading
from aiosmtpd.controller import Controller

class Counter:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Counter.count += 1
        return "250 OK"

controller = Controller(Counter(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
for line in sys.stdin:  # "count" asks for the number received so far
    print(Counter.count, flush=True)
controller.stop()
"""


def configure_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callidarity.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("CACHE_URL", "locmem://")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    if "DATABASE_URL" not in os.environ:
        scratch = Path(tempfile.mkdtemp(prefix="callidarity-bench-"))
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()


def prepare(followers: int) -> None:
    """Migrate, then create a live campaign with `followers` confirmed followers."""
    from django.core.management import call_command
    from django.utils import timezone

    from callidarity.campaigns.models import Campaign, Subscription
    from callidarity.campaigns.services import create_campaign
    from callidarity.core.money import Money
    from callidarity.supporters.models import Supporter

    call_command("migrate", verbosity=0)
    if Subscription.objects.exists():
        raise SystemExit("refusing: this database already has followers (use a throw-away one)")
    campaign = create_campaign(
        slug="fanout",
        title="Phone funds for moms inside",
        goal=Money(2_000_000, "USD"),
        status=Campaign.Status.LIVE,
    )
    now = timezone.now()
    chunk = 5000
    for start in range(0, followers, chunk):
        stop = min(start + chunk, followers)
        people = Supporter.objects.bulk_create(
            Supporter(email=f"follower{i:06d}@example.org") for i in range(start, stop)
        )
        Subscription.objects.bulk_create(
            Subscription(
                campaign=campaign,
                supporter=p,
                confirmed_at=now,
                language="es" if i % 3 == 0 else "en",
            )
            for i, p in enumerate(people, start)
        )


def send() -> None:
    """Publish one update and send it to every follower; print JSON figures."""
    import resource

    from callidarity.campaigns.models import Campaign
    from callidarity.campaigns.services import create_update, publish_update, send_update
    from callidarity.notifications.selectors import delivery_counts

    campaign = Campaign.objects.get(slug="fanout")
    draft = create_update(
        campaign=campaign,
        title="We met the warden",
        body="Twelve of us went to **Logan**. Calls home are now *weekly*.\n\n" * 5,
    )
    began = time.perf_counter()
    update = publish_update(update=draft)  # enqueues the fan-out on commit (run at once here)
    seconds = time.perf_counter() - began
    again = send_update(update=update)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_kb / 1024,
                "counts": delivery_counts(key=update.delivery_key),
                "added_again": again,
            }
        )
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny run (200 followers)")
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--send", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.send:
        configure_django()
        send()
        return 0
    n = 200 if args.smoke else args.followers

    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sink.stdout is not None
        assert sink.stdin is not None
        if sink.stdout.readline().strip() != "ready":
            raise SystemExit("the SMTP server did not start")
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        configure_django()
        prepare(n)
        from django.db import connections

        connections.close_all()
        # A fresh process, so its peak memory is the sending's, not the set-up's.
        sent = subprocess.run(
            [sys.executable, __file__, "--send"],
            env={**os.environ},
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(sent.stdout.strip().splitlines()[-1])
        sink.stdin.write("count\n")
        sink.stdin.flush()
        received = int(sink.stdout.readline())
    finally:
        if sink.stdin:
            sink.stdin.close()
        sink.wait(timeout=30)

    seconds, peak_mb = figures["seconds"], figures["peak_mb"]
    print(f"{n} followers, {os.environ['DATABASE_URL'].split(':', 1)[0]}")
    print(f"publish to last message accepted: {seconds:.1f} s ({n / seconds:.0f} emails/s)")
    print(f"peak memory of the sending process: {peak_mb:.0f} MB")
    if n == 100_000:
        met = seconds <= GOAL_SECONDS and peak_mb <= GOAL_MB
        print(
            f"goal ≤ {GOAL_SECONDS} s and ≤ {GOAL_MB} MB for 100,000: {'met' if met else 'NOT met'}"
        )
    problems = []
    if received != n:
        problems.append(f"the SMTP server received {received} messages, not {n}")
    if figures["counts"]["sent"] != n:
        problems.append(f"deliveries: {figures['counts']}")
    if figures["added_again"] != 0:
        problems.append(f"sending again added {figures['added_again']}")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

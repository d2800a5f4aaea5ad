"""The weekly run: propose deposits for 10,000 members (goal ≤ 2 s).

    DATABASE_URL=postgres://… uv run python bench/disbursement.py [--smoke] [--members N]

Migrates the database DATABASE_URL names (a throw-away one: the script refuses one that
already has members; without DATABASE_URL it uses a temporary SQLite file), then creates N
members (10,000 by default, 200 with --smoke) spread over the shipped Illinois facilities,
each with a weekly plan (some with commissary too) paid from one fund that holds enough for
about two thirds of them, so the run also walks the priority order and leaves people out.

It times `aid.services.propose_run` end to end (reading the plans and what earlier runs
cover, planning around the vendors' fees, writing the lines and the audit row), each time in
a transaction rolled back afterwards so every repetition does the same work, and prints the
median and best of the repetitions. Beside it, measured in the same run: the planner alone
(`aid.planning.plan_run`, in memory, on the same needs) and one plain read of the active
plans, so the ratio shows what the database part costs.
A benchmark, not a test: it prints figures and fails only when the outcome is wrong.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from collections.abc import Callable

from ledger_balance import configure_django

GOAL_SECONDS = 2.0


def _timed(run: Callable[[], object], reps: int) -> list[float]:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny run (200 members)")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=None)
    args = parser.parse_args()
    count = 200 if args.smoke else args.members
    reps = args.reps or (3 if args.smoke else 5)

    configure_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db import transaction as db_transaction

    from callidarity.aid import planning, services
    from callidarity.aid.models import DisbursementLine, Facility, Member, SupportPlan
    from callidarity.core.money import Money
    from callidarity.ledger.checks import find_violations
    from callidarity.ledger.models import Account, Transaction
    from callidarity.ledger.services import open_account, post

    call_command("migrate", interactive=False, verbosity=0)
    if Member.objects.exists():
        print("The database already has members: point DATABASE_URL at a throw-away one.")
        return 2
    settings.DEBUG = False  # DEBUG=1 keeps every query in memory
    print(f"database: {connection.vendor}")

    started = time.perf_counter()
    facilities = list(Facility.objects.order_by("name"))
    fund = open_account(code="fund:bench", name="Bench fund", kind=Account.Kind.FUND)
    processor = Account.objects.get(code="assets:processor")
    since = datetime.date(2025, 1, 1)
    members = Member.objects.bulk_create(
        (
            Member(
                name=f"Member {n}",
                id_number=f"B{100000 + n}",
                id_hash=f"bench-{n}",
                facility=facilities[n % len(facilities)],
                status=Member.Status.ACTIVE,
                has_visits=n % 3 == 0,
                miles_from_children=None if n % 7 == 0 else (n * 37) % 300,
                waiting_since=since + datetime.timedelta(days=n % 365),
            )
            for n in range(count)
        ),
        batch_size=1000,
    )
    plans = []
    for n, member in enumerate(members):
        plans.append(
            SupportPlan(
                member=member,
                kind=SupportPlan.Kind.PHONE,
                weekly_cents=(1500, 2000, 2500)[n % 3],
                fund_account=fund,
                starts_on=since,
            )
        )
        if n % 6 == 0:
            plans.append(
                SupportPlan(
                    member=member,
                    kind=SupportPlan.Kind.COMMISSARY,
                    weekly_cents=1000,
                    fund_account=fund,
                    starts_on=since,
                )
            )
    SupportPlan.objects.bulk_create(plans, batch_size=2000)
    # About two thirds of a four-week round of deposits.
    funds_cents = count * 6000
    post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, Money(funds_cents, "USD")), (fund, Money(-funds_cents, "USD"))],
        idempotency_key="bench-gift",
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE aid_member, aid_supportplan, aid_facility")
    organizer = get_user_model().objects.create_user("bench", is_staff=True)
    week = datetime.date(2026, 11, 30)
    print(
        f"setup: {count:,} members, {len(plans):,} plans at {len(facilities)} facilities, "
        f"fund {funds_cents / 100:,.2f} in {time.perf_counter() - started:.1f} s"
    )

    outcome: dict[str, int] = {}

    def propose() -> None:
        with db_transaction.atomic():
            run = services.propose_run(fund_account=fund, period_start=week, by=organizer)
            outcome["lines"] = DisbursementLine.objects.filter(run=run).count()
            outcome["left_out"] = len(run.left_out)
            outcome["spent"] = sum(
                a + f for a, f in run.lines.values_list("amount_cents", "fee_cents")
            )
            db_transaction.set_rollback(True)

    propose()  # warm: connection, plans, caches
    proposal = _timed(propose, reps)

    needs = [d.need for d in services.runs._due_needs(fund, week)]
    planner = _timed(lambda: planning.plan_run(needs, available_cents=funds_cents), reps)
    read = _timed(
        lambda: list(
            SupportPlan.objects.filter(fund_account=fund).values_list("member_id", "weekly_cents")
        ),
        reps,
    )

    lines, left_out = outcome["lines"], outcome["left_out"]
    if lines + left_out != count or outcome["spent"] > funds_cents:
        print(f"wrong outcome: {lines} lines + {left_out} left out for {count} members")
        return 1
    if find_violations():
        print("ledger violations after the runs")
        return 1
    median, best = statistics.median(proposal), min(proposal)
    print(f"run proposed: {lines:,} deposits, {left_out:,} left out for lack of money")
    print(f"propose_run: median {median:.3f} s, best {best:.3f} s (of {reps})")
    print(f"baseline, planner alone in memory: median {statistics.median(planner):.3f} s")
    print(f"baseline, one read of the active plans: median {statistics.median(read):.3f} s")
    print(f"ratio propose_run / planner alone: {median / statistics.median(planner):.1f}")
    verdict = "met" if median <= GOAL_SECONDS else "NOT met"
    print(f"goal: ≤ {GOAL_SECONDS:.0f} s for {count:,} members ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

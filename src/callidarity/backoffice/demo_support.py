"""Demo data for the support program: invented members at the shipped Illinois facilities,
their weekly plans, a waiting list, and four past weekly runs with confirmed deposits.

Everyone here is invented. It goes through the same services as real work (requests,
approvals, runs, confirmations), so the audit log, the ledger and the runway agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.aid import services
from callidarity.aid.models import DisbursementLine, Facility, Member, SupportRequest
from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money

LOGAN = "Logan Correctional Center"
DECATUR = "Decatur Correctional Center"
COOK = "Cook County Jail"


@dataclass(frozen=True)
class DemoMember:
    name: str
    facility: str
    id_number: str
    children_zip: str  # "" when the family would rather not say
    visits: str  # "yes", "no" or "unknown"
    calls: int  # dollars a week
    commissary: int = 0


_FIRST = [
    "Tamika", "Rosa", "Denise", "Guadalupe", "Shanice", "Brenda", "Yolanda", "Latoya",
    "Maribel", "Crystal", "Angela", "Veronica", "Jasmine", "Patrice", "Lorena", "Keisha",
    "Monique", "Araceli", "Tasha", "Carmen", "Ebony", "Sonia", "Danielle", "Marisol",
    "Felicia", "Alejandra", "Tonya", "Ruth", "Lakeisha", "Esperanza", "Nicole", "Iris",
    "Shantel", "Beatriz", "Kendra", "Norma",
]  # fmt: skip
_ZIPS = [
    "60608", "60623", "60624", "60629", "60636", "60644", "60651", "60617", "61101",
    "61605", "62702", "62201", "60085", "60505", "",
]  # fmt: skip


def _members() -> list[DemoMember]:
    members = []
    for n, first in enumerate(_FIRST):
        facility = (LOGAN, LOGAN, DECATUR, COOK)[n % 4] if n < 32 else LOGAN
        at_cook = facility == COOK
        members.append(
            DemoMember(
                name=f"{first} {chr(65 + (n * 7) % 26)}.",
                facility=facility,
                id_number=f"2026-{91000 + n * 37:06d}" if at_cook else f"Y{31000 + n * 53}",
                children_zip=_ZIPS[n % len(_ZIPS)],
                visits=("no", "no", "yes", "unknown")[n % 4 if n % 5 else 0],
                calls=15 if at_cook else 20,
                commissary=10 if n % 6 == 0 else 0,
            )
        )
    return members


WAITING = [
    DemoMember("Gloria P.", LOGAN, "Y40125", "60619", "no", 20),
    DemoMember("Wanda S.", DECATUR, "Y40377", "62703", "no", 20),
    DemoMember("Inés R.", COOK, "2026-104552", "60632", "unknown", 15),
    DemoMember("Kiara M.", LOGAN, "", "", "yes", 20),
    DemoMember("Lourdes V.", LOGAN, "Y40911", "60639", "no", 20),
    DemoMember("Renee T.", COOK, "2026-104990", "60621", "no", 15),
]


def _request(member: DemoMember, *, days_ago: int) -> SupportRequest:
    facility = Facility.objects.get(name=member.facility)
    details = services.RequestDetails(
        person_name=member.name,
        facility=facility,
        id_number=member.id_number,
        wants_calls=True,
        wants_commissary=bool(member.commissary),
        visits=member.visits,
        children_zip=member.children_zip,
        requester_name="",
        relationship=SupportRequest.Relationship.PARENT,
        language="es" if member.name[0] in "GMRAELCBIS" else "en",
    )
    request = services.submit_support_request(details=details, source=SupportRequest.Source.LETTER)
    # Back-date it, so "waiting since" and the queue read like a group that has been at it.
    when = timezone.now() - datetime.timedelta(days=days_ago)
    SupportRequest.objects.filter(pk=request.pk).update(created_at=when)
    request.created_at = when
    return request


@db_transaction.atomic
def load_support_demo(*, campaign: Campaign, organizer: AbstractBaseUser) -> bool:
    """Create the demo members, waiting list and past runs once; return whether it did."""
    if Member.objects.exists():
        return False
    fund = campaign.fund_account
    today = timezone.localdate()
    this_week = services.week_start(today)
    started = this_week - datetime.timedelta(weeks=10)
    for n, member in enumerate(_members()):
        request = _request(member, days_ago=400 - n * 9)
        plans = [("phone", Money(member.calls * 100, fund.currency))]
        if member.commissary:
            plans.append(("commissary", Money(member.commissary * 100, fund.currency)))
        services.approve_request(
            request=request, by=organizer, plans=plans, fund_account=fund, starts_on=started
        )
    for n, member in enumerate(WAITING):
        request = _request(member, days_ago=40 - n * 6)
        if n < 2:
            services.waitlist_request(
                request=request, by=organizer, reason="Our fund is full this month."
            )
    for weeks_ago in (4, 3, 2, 1):
        run = services.propose_run(
            fund_account=fund,
            period_start=this_week - datetime.timedelta(weeks=weeks_ago),
            by=organizer,
        )
        services.export_run(run=run, by=organizer)
        for k, line in enumerate(run.lines.order_by("rank")):
            if weeks_ago == 4 and k == 5:
                services.fail_line(
                    line=line,
                    failure=DisbursementLine.Failure.ACCOUNT_BLOCKED,
                    note="Vendor says the account is on hold; call the facility.",
                    by=organizer,
                )
                continue
            services.confirm_line(
                line=line, confirmation_number=f"DEMO-{run.pk}-{line.pk}", by=organizer
            )
    return True

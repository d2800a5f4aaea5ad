"""Fixtures for the support program: the shipped facilities and a filled-in request."""

from __future__ import annotations

import datetime
import itertools

import pytest

from callidarity.aid.models import Facility, Member, SupportPlan, SupportRequest
from callidarity.aid.services import RequestDetails
from callidarity.core.money import Money
from callidarity.ledger.models import Account, Transaction
from callidarity.ledger.services import post

WEEK = datetime.date(2026, 11, 30)  # a Monday
_gifts = itertools.count()

# Values no test or demo would type by chance: a raw dump must never contain them.
CANARIES = {
    "person_name": "Canarypersonname Quetzal",
    "id_number": "Y98765Q",
    "requester_name": "Canaryrequester Zorzal",
    "requester_email": "canary.zorzal@example.org",
    "requester_phone": "(312) 555-0199",
    "message": "Canarynote: she likes the morning calls",
    "children_zip": "60625",
}


@pytest.fixture
def logan(db: None) -> Facility:
    return Facility.objects.get(name="Logan Correctional Center")


@pytest.fixture
def details(logan: Facility) -> RequestDetails:
    return RequestDetails(
        person_name=CANARIES["person_name"],
        facility=logan,
        id_number=CANARIES["id_number"],
        wants_calls=True,
        visits=SupportRequest.Visits.NO,
        children_zip=CANARIES["children_zip"],
        requester_name=CANARIES["requester_name"],
        relationship=SupportRequest.Relationship.PARENT,
        requester_email=CANARIES["requester_email"],
        requester_phone=CANARIES["requester_phone"],
        language="es",
        message=CANARIES["message"],
    )


def form_data(**overrides: str) -> dict[str, str]:
    """Return a valid request form as a browser would post it."""
    logan = Facility.objects.get(name="Logan Correctional Center")
    data = {
        "person_name": CANARIES["person_name"],
        "facility": str(logan.pk),
        "facility_other": "",
        "id_number": CANARIES["id_number"],
        "wants_calls": "on",
        "visits": "no",
        "children_zip": CANARIES["children_zip"],
        "relationship": "parent",
        "requester_name": CANARIES["requester_name"],
        "requester_email": CANARIES["requester_email"],
        "requester_phone": CANARIES["requester_phone"],
        "language": "es",
        "message": CANARIES["message"],
        "consent": "on",
        "website": "",
        "started": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def give(processor: Account, fund: Account, cents: int) -> None:
    """Put a card gift of `cents` into the fund."""
    post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, Money(cents, "USD")), (fund, Money(-cents, "USD"))],
        idempotency_key=f"test-gift:{next(_gifts)}",
    )


def make_member(
    facility: Facility,
    fund: Account,
    *,
    weekly: int = 2000,
    has_visits: bool = False,
    miles: int | None = 150,
    waiting_since: datetime.date = datetime.date(2026, 1, 1),
    kind: str = SupportPlan.Kind.PHONE,
    name: str = "Member",
) -> Member:
    """Return an active member with one active weekly plan paid from the fund."""
    member = Member.objects.create(
        name=name,
        facility=facility,
        status=Member.Status.ACTIVE,
        has_visits=has_visits,
        miles_from_children=miles,
        waiting_since=waiting_since,
    )
    SupportPlan.objects.create(
        member=member,
        kind=kind,
        weekly_cents=weekly,
        fund_account=fund,
        starts_on=datetime.date(2026, 1, 1),
    )
    return member

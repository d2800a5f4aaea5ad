"""Demo data for the bill tracker: three real Illinois bills at different stages, published,
with the group's position and why each matters, brought in through the OpenStates import.

Every action, date, sponsor and synopsis below was copied from a public record (the
project's fact sheet and the real bill histories gathered with their sources for the
tests); none is made up, and where a record held only part of a bill's history, only that
part is here and the bill's page says so. The bill titles of HB 3773 and SB 46 are plain
summaries written for the demo (their official short descriptions were not at hand), and
the OpenStates ids are left empty (the real ones were not found), so a later import of the
real data matches these bills by their number and fills them in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.advocacy.models import Action
from callidarity.legislation.models import Bill, BillFollower, Chamber, Hearing
from callidarity.legislation.services.imports import import_bill
from callidarity.legislation.services.slips import record_slip
from callidarity.supporters.services import upsert_supporter

from .demo_advocacy import LETTER_SLUG

HB3773_SLUG = "104-hb3773"
PARTIAL = (
    "*In this demo the history below is only part of the real record: the official page "
    "has all of it.*"
)


def _action(order: int, on: str, chamber: str, text: str, *kinds: str) -> dict[str, Any]:
    return {
        "order": order, "date": on, "description": text, "classification": list(kinds),
        "organization": {"classification": chamber},
    }  # fmt: skip


def _sponsor(name: str, *, chief: bool = False) -> dict[str, Any]:
    return {
        "name": name, "primary": chief, "classification": "primary" if chief else "cosponsor",
        "entity_type": "person",
    }  # fmt: skip


# HB 3773, 104th General Assembly: free calls from state prisons, filed 2025-02-07 (FACTS.md;
# the sponsor from the bill's text on ILGA). No later dated action was found.
HB3773: dict[str, Any] = {
    "session": "104th",
    "identifier": "HB 3773",
    "title": "Free phone calls from Illinois state prisons",
    "from_organization": {"classification": "lower"},
    "actions": [
        _action(1, "2025-02-07", "lower", "Filed with the Clerk by Rep. Hoan Huynh", "filing")
    ],
    "sponsorships": [_sponsor("Hoan Huynh", chief=True)],
    "sources": [{"url": "https://open.pluralpolicy.com/il/bills/104th/HB3773"}],
}
HB3773_WHY = f"""\
Every call home costs a family money. State law caps calls from Illinois prisons at
7¢ a minute, with no extra fees, and our phone fund pays for calls so that moms at Logan
and Decatur can hear their children's voices every week.

**HB 3773 would make calls from state prisons free.** Then no mother would have to choose
between a call and soap from commissary, and every dollar in our fund could go to the
families who still pay for the county jail's calls. A bill like it, HB 5257, was filed in
the last General Assembly and, as far as we found, did not pass.

{PARTIAL} We found only the day it was filed.
"""

# SB 2129, 102nd General Assembly: resentencing on the State's Attorney's motion, Public Act
# 102-0102 (ILGA bill status, the Governor's release of 2021-07-15, the Public Act's text).
SB2129: dict[str, Any] = {
    "session": "102nd",
    "identifier": "SB 2129",
    "title": "State resentencing motion",
    "from_organization": {"classification": "upper"},
    "abstracts": [{"abstract": (
        "Amends the Code of Criminal Procedure of 1963. Provides that at any time upon the "
        "recommendation of the State's Attorney of the county in which the defendant was "
        "sentenced, the State's Attorney may petition the sentencing court or the sentencing "
        "court's successor to resentence the offender if the original sentence no longer "
        "advances the interests of justice. Provides that the sentencing court or the "
        "sentencing court's successor may resentence the offender if it finds that the "
        "original sentence no longer advances the interests of justice."
    )}],
    "actions": [
        _action(1, "2021-05-29", "lower", "Third Reading - Short Debate - Passed 061-048-000",
                "reading-3", "passage"),
        _action(2, "2021-07-15", "upper", "Governor Approved", "executive-signature"),
        _action(3, "2021-07-15", "upper", "Public Act . . . . . . . . . 102-0102", "became-law"),
    ],
    "sponsorships": [
        _sponsor("Robert Peters", chief=True), _sponsor("Elgie R. Sims, Jr."),
        _sponsor("Emil Jones, III"), _sponsor("Kelly M. Cassidy"),
    ],
    "sources": [{"url": "https://www.ilga.gov/legislation/BillStatus.asp?DocTypeID=SB&DocNum=2129&GAID=16&SessionID=110&LegID=134780"}],
}  # fmt: skip
SB2129_WHY = f"""\
Public Act 102-0102 lets a State's Attorney ask the court to resentence someone whose
sentence no longer serves the interests of justice. For a mother serving a long sentence,
it is one more road home: her family can ask the State's Attorney of the county where she
was sentenced to look at her case again.

It passed the Senate on April 21, 2021 and the House on May 29, 2021, and the Governor
signed it on July 15, 2021. It took effect on January 1, 2022.

{PARTIAL}
"""

# SB 46, 102nd General Assembly: passed the Senate, stalled in the House under Rule 19(a)
# (the Legislative Information System's report printed 2021-06-29).
SB46: dict[str, Any] = {
    "session": "102nd",
    "identifier": "SB 46",
    "title": "Conveyances Act: special warranty deeds",
    "from_organization": {"classification": "upper"},
    "abstracts": [
        {
            "abstract": (
                "Amends the Conveyances Act. Provides that special warranty deeds may be made "
                "in a specified form. Provides that every deed in substance in the specified "
                "form shall be deemed and held a conveyance in fee simple, to the grantee, his "
                "or her heirs and assigns, with specified covenants on the part of the grantor."
            )
        }
    ],
    "actions": [
        _action(
            1, "2021-01-29", "upper", "Filed with Secretary by Sen. Jason A. Barickman", "filing"
        ),
        _action(2, "2021-01-29", "upper", "First Reading", "reading-1"),
        _action(3, "2021-01-29", "upper", "Referred to Assignments"),
        _action(4, "2021-02-09", "upper", "Assigned to Judiciary", "referral-committee"),
        _action(5, "2021-03-03", "upper", "Do Pass Judiciary; 008-000-000", "committee-passage"),
        _action(
            6,
            "2021-03-03",
            "upper",
            "Placed on Calendar Order of 2nd Reading March 9, 2021",
            "reading-2",
        ),
        _action(7, "2021-03-09", "upper", "Second Reading", "reading-2"),
        _action(
            8,
            "2021-03-09",
            "upper",
            "Placed on Calendar Order of 3rd Reading March 10, 2021",
            "reading-3",
        ),
        _action(
            9, "2021-03-10", "upper", "Third Reading - Passed; 052-000-000", "reading-3", "passage"
        ),
        _action(10, "2021-03-11", "lower", "Arrived in House", "introduction"),
        _action(11, "2021-03-11", "lower", "Chief House Sponsor Rep. Steven Reick"),
        _action(12, "2021-03-11", "lower", "First Reading", "reading-1"),
        _action(13, "2021-03-11", "lower", "Referred to Rules Committee"),
        _action(
            14,
            "2021-04-28",
            "lower",
            "Assigned to Judiciary - Civil Committee",
            "referral-committee",
        ),
        _action(
            15,
            "2021-05-05",
            "lower",
            "Do Pass / Consent Calendar Judiciary - Civil Committee; 016-000-000",
            "committee-passage",
        ),
        _action(
            16,
            "2021-05-05",
            "lower",
            "Placed on Calendar 2nd Reading - Consent Calendar",
            "reading-2",
        ),
        _action(17, "2021-05-11", "lower", "Added Alternate Co-Sponsor Rep. Dan Caulkins"),
        _action(18, "2021-05-12", "lower", "Second Reading - Consent Calendar", "reading-2"),
        _action(
            19,
            "2021-05-12",
            "lower",
            "Held on Calendar Order of Second Reading - Consent Calendar",
            "reading-2",
        ),
        _action(20, "2021-05-13", "lower", "Removed from Consent Calendar Status Rep. Greg Harris"),
        _action(
            21,
            "2021-05-13",
            "lower",
            "Held on Calendar Order of Second Reading - Short Debate",
            "reading-2",
        ),
        _action(22, "2021-05-28", "lower", "Final Action Deadline Extended-9(b) May 31, 2021"),
        _action(23, "2021-06-02", "lower", "Rule 19(a) / Re-referred to Rules Committee"),
    ],
    "sponsorships": [
        _sponsor("Jason A. Barickman", chief=True),
        _sponsor("Steven Reick"),
        _sponsor("Dan Caulkins"),
    ],
    "sources": [{"url": "https://open.pluralpolicy.com/il/bills/102nd/SB46"}],
}
SB46_WHY = f"""\
Not a bill about prisons: it is in the demo to show what happens to most bills. It passed
the Senate without a vote against it, then stalled in the House: on June 2, 2021 it was sent
back to the Rules Committee under Rule 19(a), which is how bills die quietly in Springfield.

{PARTIAL} It ends on the day the record we copied was printed (June 29, 2021).
"""

# The hearing is invented for the demo (HB 3773's committee and date are not on record here),
# and says so; the guide's steps are those of the General Assembly's witness-slip form.
HEARING_GUIDE = """\
*This hearing is invented for the demo.*

1. Open the General Assembly's witness-slip page for this hearing (the button below) and
   press **Create (Slip)**.
2. Fill in your name, your address and, under **Firm/Business or Agency**, write
   "Self" unless you speak for a group.
3. Under **Representation** write "Self".
4. Under **Position** choose **Proponent**: you are for the bill.
5. Under **Testimony** choose **Record of Appearance Only**: you do not have to speak.
6. Accept the terms and press **Create (Slip)**. Then come back here and tell us you did.
"""
DEMO_FOLLOWERS = ("rosa.demo@example.org", "lupe.demo@example.org", "ana.demo@example.org")


def _load_hearing(bill: Bill, today: datetime.date) -> None:
    """A published hearing on HB 3773 ten days from now, with two slips and three
    confirmed followers (all invented)."""
    starts = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=10), datetime.time(14, 0))
    )
    hearing = Hearing.objects.create(
        bill=bill,
        committee="Restorative Justice Committee (demo)",
        chamber=Chamber.LOWER,
        starts_at=starts,
        position=Hearing.Position.PROPONENT,
        slip_url="https://my.ilga.gov/WitnessSlip",
        guide=HEARING_GUIDE,
        status=Hearing.Status.PUBLISHED,
    )
    filed_at = starts - datetime.timedelta(days=3)  # before the hearing, whatever `today` is
    for email in DEMO_FOLLOWERS[:2]:
        record_slip(hearing=hearing, email=email, now=filed_at)
    for email in DEMO_FOLLOWERS:
        BillFollower.objects.create(
            bill=bill, supporter=upsert_supporter(email=email), confirmed_at=timezone.now()
        )


BILLS = (
    (HB3773, Bill.Position.SUPPORT, HB3773_WHY),
    (SB2129, Bill.Position.SUPPORT, SB2129_WHY),
    (SB46, Bill.Position.MONITOR, SB46_WHY),
)


@db_transaction.atomic
def load_bills_demo(*, today: datetime.date | None = None) -> bool:
    """Import the demo bills once, published, with the group's words; return whether it did.

    HB 3773 is linked to the demo letter to the General Assembly's leaders when it exists,
    and has an (invented) committee hearing with witness slips and a few followers.
    """
    if Bill.objects.filter(slug=HB3773_SLUG).exists():
        return False
    today = today or timezone.localdate()
    for data, position, why in BILLS:
        bill = import_bill(data, as_of=today, publish=True).bill
        Bill.objects.filter(pk=bill.pk).update(position=position, why_it_matters=why)
        if bill.slug == HB3773_SLUG:
            bill.actions.set(Action.objects.filter(slug=LETTER_SLUG))
            _load_hearing(bill, today)
    return True

"""Demo data: the `callidarity` campaign with a dozen gifts, and an organizer login."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction as db_transaction

from callidarity.campaigns.models import Campaign
from callidarity.campaigns.services import (
    add_gift_message,
    create_campaign,
    create_update,
    post_to_wall,
    publish_update,
    set_impact_goal,
)
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import (
    complete_sandbox_checkout,
    create_pending_donation,
    record_offline_gift,
)

DEMO_SLUG = "callidarity"
DEMO_USERNAME = "organizer"
DEMO_PASSWORD = "callidarity-demo"  # noqa: S105 - local demo only: `demo` refuses to run with DEBUG off

STORY = """\
Since 2015 our mothers' collective has raised **phone funds** for moms inside Logan
Correctional Center, Decatur Correctional Center and Cook County Jail.

About 80% of the women in Illinois prisons are mothers of minor children, and on average
they are held **169 miles** from them. A phone call is how a mom helps with homework,
hears about a doctor's visit, and stays a mom.

Every dollar here goes to calls home and commissary for moms inside. We put first the
moms who get no visits. Our next milestone: **weekly calls for 40 moms**.

- $15 pays for a week of calls for one mom.
- $25 covers soap, stamps and a phone card.
- $60 keeps one mom connected for a month.

Thank you for standing with our families.
"""


@dataclass(frozen=True)
class DemoGift:
    name: str
    email: str
    dollars: int
    anonymous: bool = False
    message: str = ""
    offline: str = ""  # "check", "cash" or "money_order" for gifts received by hand


GIFTS = [
    DemoGift(
        "María González", "maria.gonzalez@example.org", 50, message="Para todas las mamás. ¡Fuerza!"
    ),
    DemoGift("Denise Carter", "denise.carter@example.org", 25, message="For my sister at Logan."),
    DemoGift("Anonymous donor", "anon1@example.org", 100, anonymous=True),
    DemoGift("Rev. James Whitfield", "jwhitfield@example.org", 2500, offline="check"),
    DemoGift("Keisha Brown", "keisha.b@example.org", 20, message="Call your babies, mamas."),
    DemoGift("Lucía Ramírez", "lucia.ramirez@example.org", 15),
    DemoGift("Tom Nguyen", "tom.nguyen@example.org", 60, message="A month of calls."),
    DemoGift("Anonymous donor", "anon2@example.org", 500, anonymous=True),
    DemoGift("Sharon Ellis", "sharon.ellis@example.org", 40, offline="cash"),
    DemoGift(
        "Chicago Teachers for Families", "ctf@example.org", 3000, message="From our union hall."
    ),
    DemoGift("Ana Torres", "ana.torres@example.org", 35, message="Mi mamá también estuvo adentro."),
    DemoGift("Patricia Hill", "phill@example.org", 75, offline="money_order"),
]

# Messages left on the wall without a gift (a blank name posts as anonymous).
WALL = [
    ("Tanya W.", "My mom called me every Sunday from Logan. It kept us a family."),
    ("", "Praying for every mama inside and every kid waiting by the phone."),
]


UPDATES = [
    (
        "Our first week of calls",
        "Thanks to you, **eleven moms** at Logan and Decatur had money on their phone "
        "accounts this week. One of them talked to her son for the first time in two months.",
    ),
    (
        "Call-in day for clemency",
        "On Thursday we called the Governor's office together. Sixty of you called; "
        "the staff knew our names by the afternoon. Next step: letters.",
    ),
]


@db_transaction.atomic
def load_demo() -> tuple[Campaign, bool]:
    """Create the demo campaign and its gifts once; return it and whether it was created."""
    existing = Campaign.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, False
    campaign = create_campaign(
        slug=DEMO_SLUG,
        title="Callidarity: phone & commissary funds for moms inside",
        summary="Weekly calls and commissary for moms at Logan, Decatur and Cook County Jail.",
        goal=Money(2_000_000, "USD"),
        story=STORY,
        status=Campaign.Status.LIVE,
    )
    set_impact_goal(campaign=campaign, members=40, label="Weekly calls for 40 moms")
    for gift in GIFTS:
        amount = Money(gift.dollars * 100, "USD")
        if gift.offline:
            record_offline_gift(
                fund_account=campaign.fund_account,
                amount=amount,
                method=gift.offline,
                email=gift.email,
                name=gift.name,
                is_anonymous=gift.anonymous,
            )
            continue
        donation = create_pending_donation(
            fund_account=campaign.fund_account,
            amount=amount,
            email=gift.email,
            provider=Donation.Provider.SANDBOX,
            name=gift.name,
            is_anonymous=gift.anonymous,
            message=gift.message,
        )
        add_gift_message(campaign=campaign, donation=donation)
        complete_sandbox_checkout(donation)
    for name, body in WALL:
        post_to_wall(campaign=campaign, body=body, display_name=name)
    for title, body in UPDATES:
        publish_update(update=create_update(campaign=campaign, title=title, body=body))
    return campaign, True


def ensure_organizer() -> AbstractBaseUser:
    """Return the demo organizer login, creating it if missing."""
    user_model = get_user_model()
    existing = user_model.objects.filter(username=DEMO_USERNAME).first()
    if existing is not None:
        return existing
    return user_model.objects.create_superuser(
        DEMO_USERNAME, "organizer@example.org", DEMO_PASSWORD
    )

"""Demo data for volunteers and drives: a handful of volunteers across Illinois (Chicago,
Lincoln near Logan Correctional Center, Decatur, Springfield) with different skills, and a
published hygiene-kit drive for Logan with pledges, some of them delivered.

Every person here is invented for the demo (their names say "demo" and their addresses are
at example.org); the facility is the real Logan Correctional Center in Lincoln, from the
shipped facility list. No money moves: a drive never touches the ledger.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.aid.models import Facility
from callidarity.volunteers import services
from callidarity.volunteers.models import Drive, DriveItem, Skill

DRIVE_SLUG = "hygiene-kits-logan"

# (name, email, ZIP code, skills, other skill, languages, availability)
VOLUNTEERS = [
    ("Marisol Reyes (demo)", "marisol.demo@example.org", "60608",
     [Skill.RIDES, Skill.TRANSLATION], "", "English, Spanish", "Weekends"),
    ("Denise Carter (demo)", "denise.demo@example.org", "60625",
     [Skill.PHONE_BANKING, Skill.COURT_SUPPORT], "", "English", "Weekday evenings"),
    ("Latoya Simmons (demo)", "latoya.demo@example.org", "62656",
     [Skill.DROP_OFF, Skill.RIDES], "", "English", "Saturdays"),
    ("Beth Olson (demo)", "beth.demo@example.org", "62656",
     [Skill.DROP_OFF], "", "English", ""),
    ("Gloria Ramírez (demo)", "gloria.demo@example.org", "62526",
     [Skill.RIDES, Skill.TRANSLATION], "", "Spanish, English", "Sundays after church"),
    ("Angela Brooks (demo)", "angela.demo@example.org", "62701",
     [Skill.COURT_SUPPORT, Skill.OTHER], "Notary public", "English", "Mornings"),
    ("Kim Nguyen (demo)", "kim.demo@example.org", "62704",
     [Skill.PHONE_BANKING, Skill.TRANSLATION], "", "Vietnamese, English", ""),
]  # fmt: skip

DESCRIPTION = """\
The women at Logan Correctional Center tell us what they run out of first: soap, shampoo,
warm socks and reading glasses. Commissary prices put them out of reach for many.

- **New and unopened items only**, in their original packaging.
- No glass bottles, nothing with alcohol.
- We put the kits together and bring them in through the facility's approved channel.

*This drive and the people pledging to it are invented for the demo.*
"""

DROP_OFF = """\
Community room (demo), 1234 W Cermak Rd, Chicago — Saturdays, 10 am to 2 pm.
Near Lincoln: our volunteers there collect items too; write to us and we put you in touch."""

# (name, unit, quantity needed)
ITEMS = [
    ("Bars of soap", "bar", 200),
    ("Shampoo", "bottle", 100),
    ("Socks", "pair", 150),
    ("Reading glasses (+1.50 to +2.50)", "pair", 40),
    ("Toothbrushes", "", 100),
]

# (name, email, {item name: quantity}, delivered: {item name: quantity brought})
PLEDGES = [
    ("Keisha Brown (demo)", "keisha.demo@example.org",
     {"Bars of soap": 60, "Socks": 30}, {"Bars of soap": 60, "Socks": 24}),
    ("María González (demo)", "maria.demo@example.org",
     {"Shampoo": 20, "Reading glasses (+1.50 to +2.50)": 10},
     {"Reading glasses (+1.50 to +2.50)": 10}),
    ("Latoya Simmons (demo)", "latoya.demo@example.org", {"Socks": 40, "Toothbrushes": 50}, {}),
    ("Ana Torres (demo)", "ana.torres.demo@example.org", {"Bars of soap": 25}, {}),
]  # fmt: skip


def _volunteers() -> None:
    for name, email, zip_code, skills, other, languages, availability in VOLUNTEERS:
        signup = services.request_signup(
            services.SignupDetails(
                name=name, email=email, zip_code=zip_code, skills=list(skills),
                other_skill=other, languages=languages, availability=availability,
            )
        )  # fmt: skip
        if signup is not None:
            services.confirm_signup(signup=signup)


def _drive() -> Drive:
    today = timezone.localdate()
    drive = Drive(
        slug=DRIVE_SLUG,
        title="Hygiene kits for the women at Logan",
        description=DESCRIPTION,
        facility=Facility.objects.filter(name="Logan Correctional Center").first(),
        drop_off=DROP_OFF,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=20),
        status=Drive.Status.PUBLISHED,
    )
    drive.full_clean()
    drive.save()
    DriveItem.objects.bulk_create(
        [
            DriveItem(drive=drive, name=name, unit=unit, quantity_needed=needed, position=i)
            for i, (name, unit, needed) in enumerate(ITEMS, start=1)
        ]
    )
    return drive


def _pledges(drive: Drive) -> None:
    by_name = {item.name: item for item in drive.items.all()}
    for name, email, wanted, delivered in PLEDGES:
        result = services.pledge(
            drive=drive, name=name, email=email, submission=uuid.uuid4(),
            quantities={by_name[item].pk: count for item, count in wanted.items()},
        )  # fmt: skip
        for made in result.pledges:
            if made.item.name in delivered:
                services.mark_delivered(pledge=made, by=None, quantity=delivered[made.item.name])


@db_transaction.atomic
def load_volunteers_demo() -> bool:
    """Create the volunteers, the Logan drive and its pledges once; return whether it did."""
    if Drive.objects.filter(slug=DRIVE_SLUG).exists():
        return False
    _volunteers()
    _pledges(_drive())
    return True

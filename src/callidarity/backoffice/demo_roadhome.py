"""Demo data for the road home: upcoming events (one linked to the call-in) with a few
RSVPs, and a stocked library with partners and press. Everything here is invented for the
demo, and says so; the Illinois facts in it (the Prisoner Review Board's road, the 75-day
filing deadline) are the ones in FACTS.md."""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.advocacy.models import Action
from callidarity.events.models import Event
from callidarity.events.services import rsvp
from callidarity.library.models import PressItem, Resource
from callidarity.library.services import create_partner, create_press_item, create_resource

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")

CALL_SCRIPT = """\
**Before you call:** have your ZIP code ready. The office may ask where you live.

1. Say your name and your town.
2. Say why you call: *"I ask the Governor to grant clemency to the mothers whose
   petitions are before the Prisoner Review Board."*
3. If you have a loved one inside, you may say so. You do not have to.
4. Thank the person who answered. Staff count every call.
"""

GUION = """\
**Antes de llamar:** ten a mano tu código postal. La oficina puede preguntarte dónde vives.

1. Di tu nombre y tu pueblo o ciudad.
2. Di por qué llamas: *"Le pido al gobernador que conceda la clemencia a las madres
   cuyas peticiones están ante la Junta de Revisión de Presos."*
3. Si tienes a un ser querido adentro, puedes decirlo. No tienes que hacerlo.
4. Agradece a la persona que contestó. El personal cuenta cada llamada.
"""

CLEMENCY_GUIDE = """\
Clemency petitions go to the **Prisoner Review Board**. There is no fee.

- The Board holds hearings four times a year. A petition must be complete **75 days
  before** the hearing session it is meant for.
- A petition found incomplete has **90 days** to be completed, or it is discarded.
- After the hearing the Board sends a confidential recommendation to the Governor, who
  has no deadline to decide.

Keep a copy of everything you send, and write down the date you sent it.
"""

SAMPLE_LETTER = """\
Dear Governor Pritzker,

My name is ___ and I live in ___. I am writing in support of the clemency petition of
___, who has been in prison since ___. …

Sincerely,
___
"""


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """Return a time `days` from today at a Chicago wall-clock hour."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def _event(**fields: object) -> Event:
    event = Event(timezone="America/Chicago", status=Event.Status.PUBLISHED, **fields)
    event.full_clean()
    event.save()
    return event


def _events() -> None:
    call_in = _event(
        slug="call-in-day", kind=Event.Kind.CALL_IN, title="Call-in day: bring our mothers home",
        description="We call the Governor together, then share what we heard. Bring your phone.",
        starts_at=_at(7, 12), ends_at=_at(7, 14), place="Online", online_url="https://example.org/call-in",
    )  # fmt: skip
    call_in.actions.set(Action.objects.filter(slug="clemency-call-in"))
    court = _event(
        slug="court-support-daley-center", kind=Event.Kind.COURT,
        title="Court support at a resentencing hearing",
        description="Fill the benches so the judge sees a family and a community. Dress warmly.",
        starts_at=_at(15, 9, 30), ends_at=_at(15, 12), place="Richard J. Daley Center",
        address="50 W Washington St, Chicago, IL 60602", capacity=25,
    )  # fmt: skip
    _event(
        slug="mothers-day-delivery", kind=Event.Kind.RALLY,
        title="We deliver the petition to the Governor's office",
        description="We hand over the petition with every name on it, then speak to the press.",
        starts_at=_at(30, 11), ends_at=_at(30, 12, 30), place="James R. Thompson Center",
        address="100 W Randolph St, Chicago, IL 60601",
    )  # fmt: skip
    _event(
        slug="monthly-meeting-past", kind=Event.Kind.MEETING, title="Monthly family meeting",
        starts_at=_at(-10, 18), ends_at=_at(-10, 20), place="Community room (demo)",
        address="1234 W Cermak Rd, Chicago, IL 60608",
    )  # fmt: skip
    for name, email in (
        ("María González", "maria.gonzalez@example.org"),
        ("Keisha Brown", "keisha.b@example.org"),
        ("Ana Torres", "ana.torres@example.org"),
    ):
        rsvp(event=court, name=name, email=email, language="en")


def _library() -> None:
    reviewed = timezone.localdate() - datetime.timedelta(days=20)
    create_resource(
        slug="call-script-governor", title="Call script: the Governor's office",
        kind=Resource.Kind.CALL_SCRIPT, summary="What to say when you call for clemency.",
        body=CALL_SCRIPT, tags=["clemency", "calls"], reviewed_on=reviewed,
        status=Resource.Status.PUBLISHED,
    )  # fmt: skip
    create_resource(
        slug="guion-llamada-gobernador", title="Guion: la oficina del gobernador",
        kind=Resource.Kind.CALL_SCRIPT, language=Resource.Language.SPANISH,
        summary="Qué decir cuando llamas para pedir clemencia.", body=GUION,
        tags=["clemency", "calls"], reviewed_on=reviewed, status=Resource.Status.PUBLISHED,
    )  # fmt: skip
    create_resource(
        slug="clemency-road", title="The road of a clemency petition in Illinois",
        kind=Resource.Kind.KNOW_YOUR_RIGHTS, summary="Deadlines and what happens after you file.",
        body=CLEMENCY_GUIDE, tags=["clemency", "Prisoner Review Board"], reviewed_on=reviewed,
        status=Resource.Status.PUBLISHED,
    )  # fmt: skip
    create_resource(
        slug="support-letter", title="Sample letter of support for a clemency petition",
        kind=Resource.Kind.SAMPLE_LETTER, summary="Fill in the blanks and make it yours.",
        body=SAMPLE_LETTER, tags=["clemency", "letters"], reviewed_on=reviewed,
        status=Resource.Status.PUBLISHED,
    )  # fmt: skip
    create_resource(
        slug="visiting-guide-draft", title="Visiting guide (being written)",
        body="Not ready yet.", reviewed_on=reviewed,
    )  # fmt: skip  # a draft: organizers see it, the public does not
    create_partner(
        name="Family Visit Rides (demo)", slug="family-visit-rides",
        description="Volunteers who drive families to visiting days at Logan and Decatur.",
        area_of_work="Visits", url="https://example.org/rides", is_published=True,
    )  # fmt: skip
    create_partner(
        name="Clemency Clinic (demo)", slug="clemency-clinic",
        description="Law students who help families complete clemency petitions, free.",
        area_of_work="Clemency petitions", contact_email="clinic@example.org",
        url="https://example.org/clinic", is_published=True,
    )  # fmt: skip
    today = timezone.localdate()
    create_press_item(
        kind=PressItem.Kind.CONFERENCE, title="Mothers ask the Governor to bring them home",
        dated_on=today - datetime.timedelta(days=40), source="Our press conference (demo)",
        video_url="https://example.org/video", summary="Five mothers spoke at the Capitol.",
        is_published=True,
    )  # fmt: skip
    create_press_item(
        kind=PressItem.Kind.STATEMENT, title="Statement on free phone calls from prison",
        dated_on=today - datetime.timedelta(days=12), source="Callidarity demo",
        summary="Why HB 3773 matters to our families.", is_published=True,
    )  # fmt: skip


@db_transaction.atomic
def load_roadhome_demo() -> bool:
    """Create the events and the library once; return whether it did."""
    if Event.objects.filter(slug="call-in-day").exists():
        return False
    _events()
    _library()
    return True

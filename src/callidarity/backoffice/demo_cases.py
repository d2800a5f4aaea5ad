"""Demo data for cases: an invented clemency petition, docketed for the Prisoner Review
Board's session next quarter (its filing deadline computed from it), with a recorded
consent and a published "Bring her home" page linked to the demo call-in; and an invented
motion to vacate with no public page. The people are invented for the demo, and say so.
"""

from __future__ import annotations

import datetime
import io
import math

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction as db_transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from callidarity.advocacy.models import Action
from callidarity.cases import services
from callidarity.cases.models import Case, CasePage, Consent, Hearing

from .demo import DEMO_USERNAME
from .demo_advocacy import CALL_IN_SLUG

PAGE_SLUG = "bring-marisol-home"

STORY = """\
*Marisol is invented for this demo: no real person's story is told here.*

Marisol has been inside for nineteen years. Her daughter was four when she left; she is
twenty-three now and studies to be a nurse. Every Sunday they talk for fifteen minutes,
the longest call the phone fund can pay for.

Inside, Marisol finished her degree, teaches other women to read, and runs the prison's
grief group. Her family and her teachers have written to the Prisoner Review Board.

**Her petition is before the Board.** Call the Governor's office and ask for clemency,
so she can come home to her daughter.
"""


def next_quarter_session(today: datetime.date) -> datetime.date:
    """Return a hearing session date in the quarter after today's (the Board sits
    quarterly): the second Thursday of that quarter's first month."""
    month = ((today.month - 1) // 3 + 1) * 3 + 1
    year = today.year + (month > 12)
    month = month - 12 if month > 12 else month
    first = datetime.date(year, month, 1)
    thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    return thursday + datetime.timedelta(days=7)


def _picture() -> SimpleUploadedFile:
    """Draw a sunflower: the demo shows no real person's photo."""
    image = Image.new("RGB", (800, 600), (233, 242, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((395, 300, 405, 600), fill=(70, 130, 60))
    for angle in range(0, 360, 30):
        dx = round(90 * math.cos(math.radians(angle)))
        dy = round(90 * math.sin(math.radians(angle)))
        petal = (400 + dx - 45, 250 + dy - 45, 400 + dx + 45, 250 + dy + 45)
        draw.ellipse(petal, fill=(247, 196, 37))
    draw.ellipse((340, 190, 460, 310), fill=(110, 70, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("sunflower.png", out.getvalue(), "image/png")


def _owner(organizer: AbstractBaseUser | None) -> User | None:
    found = organizer or get_user_model().objects.filter(username=DEMO_USERNAME).first()
    return found if isinstance(found, User) else None


@db_transaction.atomic
def load_cases_demo(*, organizer: AbstractBaseUser | None = None) -> bool:
    """Create the two demo cases and the published page once; return whether it did."""
    if CasePage.objects.filter(slug=PAGE_SLUG).exists():
        return False
    owner = _owner(organizer)
    today = timezone.localdate()
    days = datetime.timedelta
    clemency = services.create_case(
        kind=Case.Kind.CLEMENCY,
        person_name="Marisol R. (invented for the demo)",
        owner=owner,
        next_step="Collect two more letters of support before the hearing",
        next_step_due_on=today + days(21),
        status_note="Docketed. Letters from her daughter and teacher are in.",
        opened_on=today - days(120),
        by=owner,
    )
    services.move_case(clemency, Case.Stage.FILED, by=owner, on=today - days(90))
    services.move_case(clemency, Case.Stage.DOCKETED, by=owner, on=today - days(30))
    services.save_hearing(
        hearing=Hearing(
            case=clemency,
            kind=Hearing.Kind.BOARD_SESSION,
            held_on=next_quarter_session(today),
            place="Prisoner Review Board, Springfield",
        ),
        changed=["kind", "held_on", "place"],
        by=owner,
    )
    services.record_consent(
        case=clemency,
        given_by=Consent.Giver.PERSON,
        given_on=today - days(40),
        method=Consent.Method.WRITTEN,
        by=owner,
    )
    page = CasePage(
        case=clemency,
        slug=PAGE_SLUG,
        public_name="Marisol",
        headline="A mother, a teacher, nineteen years inside. (An invented story, for the demo.)",
        story=STORY,
        photo=_picture(),
        photo_description="A drawing of a sunflower (the demo shows no real person)",
    )
    services.save_page(page=page, changed=["photo"], by=owner)
    page.actions.set(Action.objects.filter(slug=CALL_IN_SLUG))
    services.publish_page(page=page, by=owner)

    services.create_case(
        kind=Case.Kind.RESENTENCING,
        person_name="Denise T. (invented for the demo)",
        owner=owner,
        next_step="Ask the State's Attorney's office about a motion to resentence",
        next_step_due_on=today + days(10),
        status_note="Meeting with the clinic booked.",
        opened_on=today - days(14),
        by=owner,
    )
    return True

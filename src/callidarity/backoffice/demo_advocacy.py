"""Demo data for advocacy: a live call-in to the Governor for clemency, a letter to the
General Assembly's leaders about free phone calls from prison, and a petition, each with
some actions already taken. (Real installs import officials with `import_officials`.)

The officials are real people with their real offices, but their email addresses are on
example.org: trying the demo's letter never emails a real office.
"""

from __future__ import annotations

from django.db import transaction as db_transaction

from callidarity.advocacy.models import Action, Outreach, Target, TargetOffice
from callidarity.advocacy.services import record_call, sign_petition, submit_letter
from callidarity.campaigns.models import Campaign

CALL_IN_SLUG = "clemency-call-in"
LETTER_SLUG = "free-calls-letter"
PETITION_SLUG = "bring-mothers-home"

SCRIPT = """\
Hello, my name is {supporter_name} and I live in {supporter_city}.

I am calling to ask {target_title} {target_name} to grant clemency to the mothers whose \
petitions are before the Prisoner Review Board. Many of them have served decades, and their \
children have grown up visiting them through glass.

Please tell the {target_title} that families across Illinois are asking him to bring these \
mothers home. Thank you.
"""

DESCRIPTION = """\
Clemency petitions go to the **Prisoner Review Board**, which holds hearings four times a
year and sends a confidential recommendation to the Governor. The Governor has no deadline
to decide: calls remind his office that families are waiting.
"""

# (outcome, email) of the calls already made; None: a caller who gave no email.
CALLS = [
    ("contact", "maria.gonzalez@example.org"),
    ("voicemail", "denise.carter@example.org"),
    ("busy", "keisha.b@example.org"),
    ("contact", "keisha.b@example.org"),
    ("voicemail", None),
    ("voicemail", "lucia.ramirez@example.org"),
    ("unavailable", None),
    ("contact", "ana.torres@example.org"),
]


LETTER_SUBJECT = "Make phone calls from prison free: pass HB 3773"

LETTER = """\
Dear {target_title} {target_name},

My name is {supporter_name} and I live in {supporter_city}. I am writing to ask you to \
bring HB 3773 to a vote this session and to support it.

Families like mine keep our loved ones in Illinois prisons connected to home one phone \
call at a time. Every minute we pay for is a minute taken from rent, food and school \
supplies. Calls keep children close to their mothers and fathers, and people who stay \
connected to family come home and stay home.

Please make calls from Illinois prisons free, as other states have done.

Sincerely,
{supporter_name}
"""

LETTER_DESCRIPTION = """\
**HB 3773** (104th General Assembly, filed February 7, 2025) would make phone calls from
Illinois prisons free for the people inside and their families. A bill that the Speaker
and the Senate President do not call stays in committee: letters from families show them
it matters.
"""

# The Speaker of the House and the Senate President:
# (name, role, district, example.org email, capitol office, phone)
LEADERS = [
    ("Chris Welch", Target.Role.LOWER, "7", "speaker.welch@example.org",
     "Room 300, Capitol Building, Springfield, IL 62706", "217-782-5350"),
    ("Don Harmon", Target.Role.UPPER, "39", "president.harmon@example.org",
     "Room 323, Capitol Building, Springfield, IL 62706", "217-782-8176"),
]  # fmt: skip

# (name, email, town) of the supporters who wrote already.
WRITERS = [
    ("María González", "maria.gonzalez@example.org", "Chicago"),
    ("Denise Carter", "denise.carter@example.org", "Joliet"),
    ("Lucía Ramírez", "lucia.ramirez@example.org", "Cicero"),
]

PETITION = """\
We, the families and friends of women in Illinois prisons, ask Governor Pritzker to \
grant clemency to the mothers whose petitions are before the Prisoner Review Board, and \
to decide every pending petition within a year.
"""

PETITION_DESCRIPTION = """\
Hundreds of clemency petitions wait years for a decision. We will hand this petition to
the Governor's office, with every name on it, on Mother's Day.
"""

# (name, email, town, comment, shown among recent signers)
SIGNERS = [
    ("Keisha Brown", "keisha.b@example.org", "Chicago", "My mother has been inside 22 years.",
     True),
    ("Ana Torres", "ana.torres@example.org", "Aurora", "", True),
    ("María González", "maria.gonzalez@example.org", "Chicago", "", True),
    ("Denise Carter", "denise.carter@example.org", "Joliet", "Bring them home.", False),
    ("Rosa Díaz", "rosa.diaz@example.org", "Rockford", "", True),
    ("Tamika Johnson", "tamika.j@example.org", "Peoria", "", False),
    ("Guadalupe Ortiz", "lupe.ortiz@example.org", "Waukegan", "Mi hermana merece volver.", True),
    ("Sharon Williams", "sharon.w@example.org", "Springfield", "", True),
    # María again, her address in capitals: recognised, not counted twice.
    ("Maria Gonzalez", "MARIA.GONZALEZ@example.org", "Chicago", "", True),
]  # fmt: skip


OUTREACH = """\
Thank you for signing **Bring our mothers home**. We will hand the petition to the
Governor's office on Mother's Day, with every name on it.

Next: our call-in day. It takes five minutes, and the script is ready for you.
"""


def _office(target: Target, address: str, phone: str) -> None:
    if not target.offices.exists():
        TargetOffice.objects.create(
            target=target, kind=TargetOffice.Kind.CAPITOL, phone=phone, address=address
        )


def _governor() -> Target:
    governor, _created = Target.objects.get_or_create(
        name="J. B. Pritzker",
        role=Target.Role.GOVERNOR,
        defaults={"chamber": Target.Chamber.EXECUTIVE, "party": "Democratic"},
    )
    _office(
        governor, "Office of the Governor, 207 State House, Springfield, IL 62706", "217-782-6830"
    )
    return governor


def _call_in(governor: Target) -> Action:
    action = Action.objects.create(
        slug=CALL_IN_SLUG,
        title="Call-in day: bring our mothers home",
        ask="Call Governor Pritzker and ask him to grant clemency to mothers inside.",
        description=DESCRIPTION,
        script=SCRIPT,
        status=Action.Status.LIVE,
        goal=200,
    )
    action.targets.set([governor])
    for outcome, email in CALLS:
        record_call(action=action, target=governor, outcome=outcome, email=email or "")
    return action


def _letter() -> Action:
    leaders = []
    for name, role, district, email, address, phone in LEADERS:
        leader, _created = Target.objects.get_or_create(
            name=name,
            role=role,
            defaults={
                "chamber": role,
                "district": district,
                "party": "Democratic",
                "email": email,
            },
        )
        _office(leader, address, phone)
        leaders.append(leader)
    action = Action.objects.create(
        slug=LETTER_SLUG,
        kind=Action.Kind.LETTER,
        title="Free calls home: write to the Speaker and the Senate President",
        ask="Ask the leaders of the General Assembly to pass HB 3773 and make calls free.",
        description=LETTER_DESCRIPTION,
        subject=LETTER_SUBJECT,
        script=LETTER,
        status=Action.Status.LIVE,
        goal=500,
    )
    action.targets.set(leaders)
    for name, email, city in WRITERS:
        submit_letter(
            action=action, name=name, email=email, city=city, subject=LETTER_SUBJECT,
            body=LETTER, targets=leaders, language="en",
        )  # fmt: skip
    return action


def _petition(governor: Target) -> Action:
    action = Action.objects.create(
        slug=PETITION_SLUG,
        kind=Action.Kind.PETITION,
        title="Bring our mothers home",
        ask="Sign: Governor Pritzker, grant clemency to the mothers before the Board.",
        description=PETITION_DESCRIPTION,
        script=PETITION,
        status=Action.Status.LIVE,
        goal=1000,
    )
    action.targets.set([governor])
    for name, email, city, comment, shown in SIGNERS:
        sign_petition(
            action=action, name=name, email=email, city=city, comment=comment,
            is_public=shown, follow=shown, language="en",
        )  # fmt: skip
    return action


@db_transaction.atomic
def load_advocacy_demo(*, campaign: Campaign | None = None) -> bool:
    """Create the three actions once (linked to the demo campaign); return whether it did."""
    if Action.objects.filter(slug=CALL_IN_SLUG).exists():
        return False
    governor = _governor()
    actions = [_call_in(governor), _letter(), _petition(governor)]
    if campaign is not None:
        campaign.actions.add(actions[0], actions[2])
    Outreach.objects.create(
        action=actions[2],
        subject="Thank you for signing: we deliver it on Mother's Day",
        body=OUTREACH,
    )  # a draft, for organizers to try sending
    return True

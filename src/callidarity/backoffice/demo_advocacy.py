"""Demo data for advocacy: the Governor as a target and a live call-in for clemency, with
some calls already made. (Real installs import officials with `import_officials`.)"""

from __future__ import annotations

from django.db import transaction as db_transaction

from callidarity.advocacy.models import Action, Target, TargetOffice
from callidarity.advocacy.services import record_call

CALL_IN_SLUG = "clemency-call-in"

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


@db_transaction.atomic
def load_advocacy_demo() -> bool:
    """Create the Governor and the call-in once; return whether it did."""
    if Action.objects.filter(slug=CALL_IN_SLUG).exists():
        return False
    governor, _created = Target.objects.get_or_create(
        name="J. B. Pritzker",
        role=Target.Role.GOVERNOR,
        defaults={"chamber": Target.Chamber.EXECUTIVE, "party": "Democratic"},
    )
    if not governor.offices.exists():
        TargetOffice.objects.create(
            target=governor,
            kind=TargetOffice.Kind.CAPITOL,
            phone="217-782-6830",
            address="Office of the Governor, 207 State House, Springfield, IL 62706",
        )
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
    return True

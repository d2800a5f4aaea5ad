"""`callidarity demo`: load the demo campaign and organizer login (idempotent)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from callidarity.accounts.services import issue_recovery_codes
from callidarity.backoffice.demo import DEMO_PASSWORD, DEMO_USERNAME, ensure_organizer, load_demo
from callidarity.backoffice.demo_advocacy import (
    CALL_IN_SLUG,
    LETTER_SLUG,
    PETITION_SLUG,
    load_advocacy_demo,
)
from callidarity.backoffice.demo_bills import load_bills_demo
from callidarity.backoffice.demo_cases import load_cases_demo
from callidarity.backoffice.demo_roadhome import load_roadhome_demo
from callidarity.backoffice.demo_support import load_support_demo
from callidarity.backoffice.demo_volunteers import load_volunteers_demo


class Command(BaseCommand):
    help = (
        "Load the demo campaign with a dozen gifts, the support program's invented members, "
        "waiting list and past runs, a call-in, a letter and a petition, events, the library, "
        "tracked bills, a clemency case with its public page, volunteers and a drive, and an "
        "organizer login (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo is for local use: run it with DEBUG=1.")
        organizer = ensure_organizer()
        campaign, created = load_demo()
        load_support_demo(campaign=campaign, organizer=organizer)
        load_advocacy_demo(campaign=campaign)
        load_roadhome_demo()
        load_bills_demo()
        load_cases_demo(organizer=organizer)
        load_volunteers_demo()
        # Pages about people inside need a second factor; a fresh one-use code each time.
        code = issue_recovery_codes(user=organizer)[0]
        verb = "Created" if created else "Already loaded:"
        self.stdout.write(f"{verb} campaign /campaigns/{campaign.slug}/")
        self.stdout.write(f"A call-in to the Governor: /act/{CALL_IN_SLUG}/")
        self.stdout.write(f"A letter to legislators: /act/{LETTER_SLUG}/")
        self.stdout.write(f"A petition: /act/{PETITION_SLUG}/")
        self.stdout.write("Events: /events/ · the library: /library/ · press: /press/")
        self.stdout.write("Bills: /bills/ · bring her home: /bring-home/ · drives: /drives/")
        self.stdout.write("Volunteer: /volunteer/ · what moved this week: /admin/support/bills/")
        self.stdout.write(
            f"Organizer login at http://127.0.0.1:8000/admin/ — "
            f"username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r}"
        )
        self.stdout.write(
            f"Two-factor (for the support program's pages): recovery code {code!r}, good "
            f"once; each `callidarity demo` prints a new one. Or set up an authenticator "
            f"app at http://127.0.0.1:8000/admin/2fa/setup/"
        )

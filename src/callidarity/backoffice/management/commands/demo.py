"""`callidarity demo`: load the demo campaign and organizer login (idempotent)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from callidarity.backoffice.demo import DEMO_PASSWORD, DEMO_USERNAME, ensure_organizer, load_demo


class Command(BaseCommand):
    help = "Load the demo campaign with a dozen gifts and an organizer login (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo is for local use: run it with DEBUG=1.")
        campaign, created = load_demo()
        ensure_organizer()
        verb = "Created" if created else "Already loaded:"
        self.stdout.write(f"{verb} campaign /campaigns/{campaign.slug}/")
        self.stdout.write(
            f"Organizer login at http://127.0.0.1:8000/admin/ — "
            f"username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r}"
        )

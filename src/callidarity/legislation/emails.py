"""The emails a bill's follower gets: "confirm you want news of this bill", and one email
each time the bill moves to a new stage.

A stage-change email is rendered once per language (a `MassMail`); each copy only gets its
address and its own unsubscribe link, with the RFC 8058 one-click headers. Links are
absolute (`SITE_URL`): these are composed in background tasks, outside any request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from callidarity.notifications.mail import PERSONAL_URL, MassMail, PreparedEmail
from callidarity.notifications.models import Delivery

from . import selectors, tokens
from .models import Bill, BillFollower, Chamber, Stage, StageChange

# What the bill did, after "HB 3773 moved:" (a stage passed in its chamber of origin is
# named for that chamber: "passed the House").
MOVED: dict[str, Promise] = {
    Stage.FILED: gettext_lazy("filed"),
    Stage.COMMITTEE: gettext_lazy("sent to a committee"),
    Stage.PASSED_ONE: gettext_lazy("passed one chamber"),
    Stage.PASSED_BOTH: gettext_lazy("passed both chambers"),
    Stage.GOVERNOR: gettext_lazy("sent to the Governor"),
    Stage.LAW: gettext_lazy("became law"),
    Stage.VETOED: gettext_lazy("vetoed by the Governor"),
    Stage.AMENDATORY_VETO: gettext_lazy("sent back by the Governor with changes"),
    Stage.DEAD: gettext_lazy("stopped: it can no longer pass this session"),
}
PASSED_CHAMBER: dict[str, Promise] = {
    Chamber.LOWER: gettext_lazy("passed the House"),
    Chamber.UPPER: gettext_lazy("passed the Senate"),
}

# What the new stage means, in plain words.
MEANING: dict[str, Promise] = {
    Stage.FILED: gettext_lazy(
        "A legislator has introduced the bill. Next it is sent to a committee."
    ),
    Stage.COMMITTEE: gettext_lazy(
        "A committee of legislators will hear the bill and vote on whether the whole chamber "
        "votes on it. Witness slips filed before the hearing count now."
    ),
    Stage.PASSED_ONE: gettext_lazy(
        "One chamber voted for the bill. Now the other chamber takes it up, starting again "
        "with a committee."
    ),
    Stage.PASSED_BOTH: gettext_lazy(
        "The House and the Senate both voted for the bill. Next it goes to the Governor, "
        "within 30 days."
    ),
    Stage.GOVERNOR: gettext_lazy(
        "The bill is on the Governor's desk. The Governor has 60 days to sign it, veto it "
        "or send it back with changes; a bill left unsigned becomes law."
    ),
    Stage.LAW: gettext_lazy("The bill is now law in Illinois."),
    Stage.VETOED: gettext_lazy(
        "The Governor rejected the bill. It becomes law only if three fifths of each chamber "
        "vote to override the veto."
    ),
    Stage.AMENDATORY_VETO: gettext_lazy(
        "The Governor sent the bill back with changes. Both chambers can accept the changes, "
        "or override them; otherwise the bill dies."
    ),
    Stage.DEAD: gettext_lazy(
        "The bill can no longer pass in this General Assembly. It may be filed again in the "
        "next one."
    ),
}


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def confirm_url(follower: BillFollower) -> str:
    token = tokens.confirm_token(follower.pk)
    return absolute(reverse("legislation:follow-confirm", args=[follower.bill.slug, token]))


def unsubscribe_url(bill: Bill, follower_id: int) -> str:
    token = tokens.unsubscribe_token(follower_id)
    return absolute(reverse("legislation:follow-unsubscribe", args=[bill.slug, token]))


def moved_words(change: StageChange) -> str:
    """Return what the bill did, in the active language ("passed the House")."""
    if change.to_stage == Stage.PASSED_ONE and change.bill.chamber in PASSED_CHAMBER:
        return str(PASSED_CHAMBER[change.bill.chamber])
    return str(MOVED.get(change.to_stage, change.get_to_stage_display()))


def stage_meaning(stage: str) -> str:
    return str(MEANING.get(stage, ""))


def stage_change_subject(change: StageChange) -> str:
    return _("%(bill)s moved: %(what)s") % {
        "bill": change.bill.identifier,
        "what": moved_words(change),
    }


def _list_headers(bill: Bill, url: str) -> dict[str, str]:
    # RFC 8058: mail apps show an "Unsubscribe" button that POSTs to the URL, no login.
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return {
        "List-Id": f"<{bill.slug}.bills.{host}>",
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class ConfirmationMailer:
    """Compose the email that asks a new follower to confirm."""

    def __init__(self, follower: BillFollower) -> None:
        self.follower = follower

    def __call__(self, delivery: Delivery) -> EmailMessage:
        bill = self.follower.bill
        with translation.override(delivery.language):
            subject = _("Confirm you want news of %(bill)s") % {"bill": bill.identifier}
            body = render_to_string(
                "legislation/email/follow_confirm.txt",
                {
                    "bill": bill,
                    "confirm_url": confirm_url(self.follower),
                    "bill_url": absolute(bill.get_absolute_url()),
                    "organization_name": settings.ORGANIZATION_NAME,
                },
            )
        return EmailMessage(subject, body, to=[delivery.email])


class StageChangeMailer:
    """Compose a stage change's email for each delivery, rendering once per language.

    `follower_ids` maps each address of the batch that still follows the bill to its
    follower, whose id the unsubscribe link carries.
    """

    def __init__(self, change: StageChange, follower_ids: dict[str, int]) -> None:
        self.change = change
        self.bill = change.bill
        self.follower_ids = follower_ids
        self.actions = selectors.list_open_actions(self.bill)
        self._mail: dict[str, MassMail] = {}

    def _render(self, language: str) -> MassMail:
        if language not in self._mail:
            with translation.override(language):
                bill_url = absolute(self.bill.get_absolute_url())
                headline = stage_change_subject(self.change)
                context = {
                    "bill": self.bill,
                    "change": self.change,
                    "headline": headline,
                    "meaning": stage_meaning(self.change.to_stage),
                    "bill_url": bill_url,
                    "actions": [
                        (action, absolute(action.get_absolute_url())) for action in self.actions
                    ],
                    "unsubscribe_url": PERSONAL_URL,
                    "organization_name": settings.ORGANIZATION_NAME,
                }
                self._mail[language] = MassMail(
                    subject=headline,
                    text=render_to_string("legislation/email/stage_change.txt", context),
                    html=render_to_string("legislation/email/stage_change.html", context),
                    headers=_list_headers(self.bill, PERSONAL_URL),
                )
        return self._mail[language]

    def __call__(self, delivery: Delivery) -> PreparedEmail:
        url = unsubscribe_url(self.bill, self.follower_ids[delivery.email])
        return self._render(delivery.language).copy_for(delivery.email, url)

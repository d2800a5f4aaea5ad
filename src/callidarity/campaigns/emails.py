"""The emails a campaign sends: "confirm you want updates", and each update.

Links are absolute (`SITE_URL`): these are composed in background tasks, outside any
request. An update is rendered once per language (a `MassMail`) and each copy only gets its own
address and unsubscribe link, so sending to 100,000 people costs 100,000 byte
replacements, not 100,000 template renders and MIME builds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from callidarity.notifications.mail import PERSONAL_URL, MassMail, PreparedEmail
from callidarity.notifications.models import Delivery

from . import tokens
from .models import Campaign, Subscription, Update


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(campaign: Campaign, email: str) -> str:
    token = tokens.unsubscribe_token(campaign.pk, email)
    return absolute(reverse("campaigns:unsubscribe", args=[campaign.slug, token]))


def _list_headers(campaign: Campaign, url: str) -> dict[str, str]:
    # RFC 8058: mail apps show an "Unsubscribe" button that POSTs to the URL, no login.
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return {
        "List-Id": f"<{campaign.slug}.updates.{host}>",
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def confirmation_message(subscription: Subscription) -> EmailMessage:
    """Return the email that asks a new follower to confirm."""
    campaign = subscription.campaign
    confirm = absolute(
        reverse(
            "campaigns:subscribe-confirm",
            args=[campaign.slug, tokens.confirm_token(subscription.pk)],
        )
    )
    with translation.override(subscription.language):
        subject = _("Confirm you want updates from %(campaign)s") % {"campaign": campaign.title}
        body = render_to_string(
            "campaigns/email/confirm.txt",
            {
                "campaign": campaign,
                "confirm_url": confirm,
                "campaign_url": absolute(campaign.get_absolute_url()),
                "organization_name": settings.ORGANIZATION_NAME,
            },
        )
    return EmailMessage(subject, body, to=[subscription.supporter.email])


class UpdateMailer:
    """Compose an update's email for each delivery, rendering once per language."""

    def __init__(self, update: Update) -> None:
        self.update = update
        self.campaign = update.campaign
        self._mail: dict[str, MassMail] = {}

    def _render(self, language: str) -> MassMail:
        if language not in self._mail:
            with translation.override(language):
                context = {
                    "update": self.update,
                    "campaign": self.campaign,
                    "update_url": absolute(self.update.get_absolute_url()),
                    "campaign_url": absolute(self.campaign.get_absolute_url()),
                    "unsubscribe_url": PERSONAL_URL,
                    "organization_name": settings.ORGANIZATION_NAME,
                }
                subject = _("Update #%(number)s: %(title)s") % {
                    "number": self.update.number,
                    "title": self.update.title,
                }
                self._mail[language] = MassMail(
                    subject=subject,
                    text=render_to_string("campaigns/email/update.txt", context),
                    html=render_to_string("campaigns/email/update.html", context),
                    headers=_list_headers(self.campaign, PERSONAL_URL),
                )
        return self._mail[language]

    def __call__(self, delivery: Delivery) -> PreparedEmail:
        url = unsubscribe_url(self.campaign, delivery.email)
        return self._render(delivery.language).copy_for(delivery.email, url)

"""The emails a campaign sends: "confirm you want updates", and each update.

Links are absolute (`SITE_URL`): these are composed in background tasks, outside any
request. An update's text is rendered once per language and each copy only gets its own
unsubscribe link, so sending to 100,000 people costs 100,000 string replacements, not
100,000 template renders.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from callidarity.notifications.models import Delivery

from . import tokens
from .models import Campaign, Subscription, Update

_UNSUBSCRIBE = "__unsubscribe_url__"


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
        self._parts: dict[str, tuple[str, str, str]] = {}

    def _render(self, language: str) -> tuple[str, str, str]:
        if language not in self._parts:
            with translation.override(language):
                context = {
                    "update": self.update,
                    "campaign": self.campaign,
                    "update_url": absolute(self.update.get_absolute_url()),
                    "campaign_url": absolute(self.campaign.get_absolute_url()),
                    "unsubscribe_url": _UNSUBSCRIBE,
                    "organization_name": settings.ORGANIZATION_NAME,
                }
                subject = _("Update #%(number)s: %(title)s") % {
                    "number": self.update.number,
                    "title": self.update.title,
                }
                self._parts[language] = (
                    subject,
                    render_to_string("campaigns/email/update.txt", context),
                    render_to_string("campaigns/email/update.html", context),
                )
        return self._parts[language]

    def __call__(self, delivery: Delivery) -> EmailMessage:
        subject, text, html = self._render(delivery.language)
        url = unsubscribe_url(self.campaign, delivery.email)
        message = EmailMultiAlternatives(
            subject,
            text.replace(_UNSUBSCRIBE, url),
            to=[delivery.email],
            headers=_list_headers(self.campaign, url),
        )
        message.attach_alternative(html.replace(_UNSUBSCRIBE, url), "text/html")
        return message

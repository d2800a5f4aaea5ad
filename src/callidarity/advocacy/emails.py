"""The follow-up emails organizers send to supporters who asked to hear of the next action.

Rendered once per language (a `MassMail`); each copy only gets its address and its own
unsubscribe link. Links are absolute (`SITE_URL`): these are composed in background tasks.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from callidarity.notifications.mail import PERSONAL_URL, MassMail, PreparedEmail
from callidarity.notifications.models import Delivery

from . import tokens
from .models import Outreach


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(email: str) -> str:
    return absolute(reverse("advocacy:unsubscribe", args=[tokens.unsubscribe_token(email)]))


def _list_headers(url: str) -> dict[str, str]:
    # RFC 8058: mail apps show an "Unsubscribe" button that POSTs to the URL, no login.
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return {
        "List-Id": f"<actions.{host}>",
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class OutreachMailer:
    """Compose a follow-up email for each delivery, rendering once per language."""

    def __init__(self, outreach: Outreach) -> None:
        self.outreach = outreach
        self._mail: dict[str, MassMail] = {}

    def _render(self, language: str) -> MassMail:
        if language not in self._mail:
            action = self.outreach.action
            with translation.override(language):
                context = {
                    "outreach": self.outreach,
                    "action": action,
                    "action_url": absolute(action.get_absolute_url()) if action else "",
                    "site_url": settings.SITE_URL,
                    "unsubscribe_url": PERSONAL_URL,
                    "organization_name": settings.ORGANIZATION_NAME,
                }
                self._mail[language] = MassMail(
                    subject=self.outreach.subject,
                    text=render_to_string("advocacy/email/outreach.txt", context),
                    html=render_to_string("advocacy/email/outreach.html", context),
                    headers=_list_headers(PERSONAL_URL),
                )
        return self._mail[language]

    def __call__(self, delivery: Delivery) -> PreparedEmail:
        return self._render(delivery.language).copy_for(
            delivery.email, unsubscribe_url(delivery.email)
        )

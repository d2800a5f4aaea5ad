"""The emails of volunteers and drives: the link that confirms a sign-up, the welcome with
her link to stop, and a pledge's confirmation with where to bring it and a link to cancel.

Links are absolute (`SITE_URL`): these are composed in background tasks.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from callidarity.notifications.models import Delivery

from . import tokens
from .models import Pledge, Volunteer, VolunteerSignup


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _compose(*, template: str, subject: str, context: dict[str, object], to: str) -> EmailMessage:
    body = render_to_string(template, {**context, "organization_name": settings.ORGANIZATION_NAME})
    return EmailMessage(subject, body, to=[to])


class SignupMailer:
    """Compose the email that asks her to confirm a sign-up (or a change)."""

    def __init__(self, signup: VolunteerSignup) -> None:
        self.signup = signup

    def __call__(self, delivery: Delivery) -> EmailMessage:
        with translation.override(delivery.language):
            url = reverse("volunteers:signup-confirm", args=[tokens.confirm_token(self.signup.pk)])
            return _compose(
                template="volunteers/email/signup_confirm.txt",
                subject=_("Please confirm: volunteer with %(organization)s")
                % {"organization": settings.ORGANIZATION_NAME},
                context={"signup": self.signup, "confirm_url": absolute(url)},
                to=delivery.email,
            )


class WelcomeMailer:
    """Compose the welcome of a confirmed volunteer, with her link to stop."""

    def __init__(self, volunteer: Volunteer) -> None:
        self.volunteer = volunteer

    def __call__(self, delivery: Delivery) -> EmailMessage:
        with translation.override(delivery.language):
            url = reverse("volunteers:volunteer-stop", args=[tokens.stop_token(self.volunteer.pk)])
            return _compose(
                template="volunteers/email/welcome.txt",
                subject=_("You are a volunteer with %(organization)s")
                % {"organization": settings.ORGANIZATION_NAME},
                context={
                    "volunteer": self.volunteer,
                    "stop_url": absolute(url),
                    "signup_url": absolute(reverse("volunteers:signup")),
                },
                to=delivery.email,
            )


class PledgeMailer:
    """Compose the confirmation of the pledges one form made."""

    def __init__(self, pledges: list[Pledge]) -> None:
        self.pledges = pledges

    def __call__(self, delivery: Delivery) -> EmailMessage:
        drive = self.pledges[0].item.drive
        with translation.override(delivery.language):
            url = reverse(
                "volunteers:pledge-cancel", args=[tokens.cancel_token(self.pledges[0].submission)]
            )
            return _compose(
                template="volunteers/email/pledge_confirm.txt",
                subject=_("Thank you for your pledge: %(title)s") % {"title": drive.title},
                context={
                    "drive": drive,
                    "pledges": self.pledges,
                    "cancel_url": absolute(url),
                    "drive_url": absolute(drive.get_absolute_url()),
                },
                to=delivery.email,
            )

"""Emails about donations, composed in the donor's language with absolute links."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from . import tokens
from .models import RecurringDonation


def payment_failed_message(plan: RecurringDonation) -> EmailMessage:
    """Return the email telling a monthly donor that a payment did not go through."""
    with translation.override(plan.language):
        subject = _("Your monthly gift to %(fund)s did not go through") % {
            "fund": plan.fund_account.name
        }
        body = render_to_string(
            "donations/email/payment_failed.txt",
            {
                "plan": plan,
                "fund_name": plan.fund_account.name,
                "cancel_url": tokens.cancel_url(str(plan.public_id)),
                "organization_name": settings.ORGANIZATION_NAME,
            },
        )
    return EmailMessage(subject, body, to=[plan.donor.email])

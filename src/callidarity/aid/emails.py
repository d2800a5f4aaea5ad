"""Emails to people who asked for support, in their language, naming no one inside."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import SupportRequest


def request_message(request: SupportRequest, kind: str) -> EmailMessage:
    """Return the email telling the requester their request arrived or was decided."""
    with translation.override(request.language):
        subjects = {
            "received": _("We received your request for support"),
            SupportRequest.Status.APPROVED: _("Your request for support was approved"),
            SupportRequest.Status.WAITLISTED: _("Your request for support is on our waiting list"),
            SupportRequest.Status.DECLINED: _("About your request for support"),
        }
        body = render_to_string(
            f"aid/email/request_{kind}.txt",
            {
                "request": request,
                "organization_name": settings.ORGANIZATION_NAME,
                "site_url": settings.SITE_URL,
            },
        )
        subject = f"{subjects[kind]} · {settings.ORGANIZATION_NAME}"
    return EmailMessage(subject, body, to=[request.requester_email])

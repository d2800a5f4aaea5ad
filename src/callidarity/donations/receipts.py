"""Receipts and year-end statements: the emails that carry their links, and their PDFs.

Composed in background tasks, outside any request, so links are absolute (`SITE_URL`) and
the language is the donor's (the one they gave in, or asked for a statement in). A PDF is
rendered when it is downloaded, so it shows the gift as it stands: a refund made after
the receipt was emailed appears on it, beside the same receipt number.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from callidarity.core.pdf import render_pdf
from callidarity.notifications.models import Delivery

from . import tokens
from .models import Receipt
from .selectors import Statement


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def receipt_url(receipt: Receipt) -> str:
    """Return the signed link to a receipt's PDF (it never expires)."""
    token = tokens.receipt_token(receipt.donation.public_id)
    return absolute(reverse("donations:receipt-pdf", args=[token]))


def statement_url(*, email: str, year: int, language: str) -> str:
    """Return the signed link to a year-end statement's PDF (it expires)."""
    token = tokens.statement_token(email=email, year=year, language=language)
    return absolute(reverse("donations:statement-pdf", args=[token]))


def _organization() -> dict[str, str]:
    return {
        "organization_name": settings.ORGANIZATION_NAME,
        "organization_address": settings.ORGANIZATION_ADDRESS,
        "organization_tax_status": settings.ORGANIZATION_TAX_STATUS,
    }


def receipt_context(receipt: Receipt) -> dict[str, Any]:
    donation = receipt.donation
    return {
        **_organization(),
        "receipt": receipt,
        "donation": donation,
        "donor": donation.donor,
        "fund_name": donation.fund_account.name,
        "is_refunded": donation.refunded_cents > 0,
    }


def receipt_filename(receipt: Receipt) -> str:
    return f"receipt-{receipt.number}.pdf"


def statement_filename(statement: Statement) -> str:
    return f"statement-{statement.year}.pdf"


class ReceiptMailer:
    """Compose the email of one gift's receipt, for `notifications.send_batch`."""

    def __init__(self, receipt: Receipt) -> None:
        self.receipt = receipt

    def __call__(self, delivery: Delivery) -> EmailMessage:
        with translation.override(delivery.language):
            subject = _("Your receipt %(number)s from %(organization)s") % {
                "number": self.receipt.number,
                "organization": settings.ORGANIZATION_NAME,
            }
            body = render_to_string(
                "donations/email/receipt.txt",
                {
                    **receipt_context(self.receipt),
                    "pdf_url": receipt_url(self.receipt),
                    "site_url": settings.SITE_URL,
                    # Every receipt of a monthly gift carries the donor's own way to stop it.
                    "cancel_url": (
                        tokens.cancel_url(str(self.receipt.donation.recurring.public_id))
                        if self.receipt.donation.recurring is not None
                        else ""
                    ),
                },
            )
        return EmailMessage(subject, body, to=[delivery.email])


class StatementMailer:
    """Compose the email with the link to one year's statement, for each delivery."""

    def __init__(self, year: int) -> None:
        self.year = year

    def __call__(self, delivery: Delivery) -> EmailMessage:
        with translation.override(delivery.language):
            subject = _("Your %(year)s giving statement from %(organization)s") % {
                "year": self.year,
                "organization": settings.ORGANIZATION_NAME,
            }
            body = render_to_string(
                "donations/email/statement.txt",
                {
                    **_organization(),
                    "year": self.year,
                    "pdf_url": statement_url(
                        email=delivery.email, year=self.year, language=delivery.language
                    ),
                    "expires_days": tokens.STATEMENT_LINK_MAX_AGE // (24 * 3600),
                    "request_url": absolute(reverse("donations:statement-request")),
                    "site_url": settings.SITE_URL,
                },
            )
        return EmailMessage(subject, body, to=[delivery.email])


def render_receipt_pdf(receipt: Receipt) -> bytes:
    """Return a gift's receipt as PDF, in the language the donor gave in."""
    return render_pdf(
        "donations/pdf/receipt.html",
        receipt_context(receipt),
        language=receipt.donation.language,
    )


def render_statement_pdf(statement: Statement, *, language: str) -> bytes:
    """Return a year-end statement as PDF, in the language it was asked for in."""
    return render_pdf(
        "donations/pdf/statement.html",
        {**_organization(), "statement": statement},
        language=language,
    )

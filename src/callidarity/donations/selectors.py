"""Reads about donations: recent gifts and donor counts for a fund, receipts."""

from __future__ import annotations

from django.db.models import QuerySet

from callidarity.ledger.models import Account

from .models import Donation, Receipt

# Gifts that count towards a fund's progress (a fully refunded gift does not).
SHOWN = (Donation.Status.SUCCEEDED, Donation.Status.PARTIALLY_REFUNDED)
# Gifts that were paid, whatever was refunded since.
PAID = (*SHOWN, Donation.Status.REFUNDED)


def list_recent_gifts(*, fund_account: Account, limit: int = 10) -> QuerySet[Donation]:
    """Return the fund's latest succeeded gifts, newest first."""
    return (
        Donation.objects.filter(fund_account=fund_account, status__in=SHOWN)
        .only("amount_cents", "currency", "display_name", "is_anonymous", "message", "succeeded_at")
        .order_by("-succeeded_at", "-pk")[:limit]
    )


def donor_count(*, fund_account: Account) -> int:
    """Return how many distinct supporters have a gift that counts in this fund."""
    return (
        Donation.objects.filter(fund_account=fund_account, status__in=SHOWN)
        .values("donor_id")
        .distinct()
        .count()
    )


def get_donation_by_public_id(public_id: str) -> Donation | None:
    """Return the donation with this public id, or None."""
    return Donation.objects.filter(public_id=public_id).first()


def get_receipt(*, donation_id: int) -> Receipt | None:
    """Return a donation's receipt with what it shows (gift, donor, fund), or None."""
    return (
        Receipt.objects.select_related("donation__donor", "donation__fund_account")
        .filter(donation_id=donation_id)
        .first()
    )


def get_receipt_by_public_id(public_id: str) -> Receipt | None:
    """Return the receipt of the donation with this public id, or None."""
    return (
        Receipt.objects.select_related("donation__donor", "donation__fund_account")
        .filter(donation__public_id=public_id)
        .first()
    )

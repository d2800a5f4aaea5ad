"""Reads about donations: recent gifts and donor counts for a fund, receipts, statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from callidarity.core.money import Money
from callidarity.ledger.models import Account
from callidarity.supporters.models import Supporter

from .models import Donation, Receipt, RecurringDonation

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


def get_monthly_by_public_id(public_id: str) -> RecurringDonation | None:
    """Return the monthly gift with this public id, or None."""
    return RecurringDonation.objects.filter(public_id=public_id).first()


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


@dataclass(frozen=True)
class CurrencyTotal:
    """A statement's sums in one currency (gifts in different currencies never add up)."""

    currency: str
    given_cents: int
    refunded_cents: int

    @property
    def given(self) -> Money:
        return Money(self.given_cents, self.currency)

    @property
    def refunded(self) -> Money:
        return Money(self.refunded_cents, self.currency)

    @property
    def net(self) -> Money:
        return Money(self.given_cents - self.refunded_cents, self.currency)


@dataclass(frozen=True)
class Statement:
    """Every paid gift from one address in one year, oldest first, and their totals."""

    email: str
    year: int
    donor_name: str
    gifts: list[Donation]
    totals: list[CurrencyTotal]


def list_gifts_in_year(*, email: str, year: int) -> QuerySet[Donation]:
    """Return the paid gifts from this address (any case) dated in `year`, oldest first.

    A gift's date is the day an offline gift was received, else the local day it was paid;
    refunded gifts stay listed, with their refunds, so the statement explains the totals.
    """
    dated_in_year = Q(received_on__year=year) | Q(received_on__isnull=True, succeeded_at__year=year)
    # Lower(email) = …, the very expression of the supporters' unique index, so it is used.
    donor = Supporter.objects.filter(Exact(Lower("email"), email.strip().lower()))
    return (
        Donation.objects.filter(dated_in_year, donor__in=donor.values("pk"), status__in=PAID)
        .select_related("fund_account", "receipt", "donor")
        .order_by("succeeded_at", "pk")
    )


def has_gifts_in_year(*, email: str, year: int) -> bool:
    """Return whether this address has a paid gift dated in `year`."""
    return list_gifts_in_year(email=email, year=year).exists()


def get_statement(*, email: str, year: int) -> Statement:
    """Return the year-end statement of an address: its gifts and totals per currency."""
    gifts = sorted(
        list_gifts_in_year(email=email, year=year), key=lambda d: (d.given_on or date.min, d.pk)
    )
    sums: dict[str, tuple[int, int]] = {}
    for gift in gifts:
        given, refunded = sums.get(gift.currency, (0, 0))
        sums[gift.currency] = (given + gift.amount_cents, refunded + gift.refunded_cents)
    totals = [CurrencyTotal(c, given, refunded) for c, (given, refunded) in sorted(sums.items())]
    donor_name = next((g.donor.name for g in reversed(gifts) if g.donor.name), "")
    return Statement(
        email=email.strip(), year=year, donor_name=donor_name, gifts=gifts, totals=totals
    )

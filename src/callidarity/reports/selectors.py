"""Reads for the treasurer's exports: flat rows for a date range, in a stable order.

Each returns a lazy queryset of tuples (`values_list`), so an export streams it with
`.iterator()` and never holds more than one chunk of rows, whatever the range.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from callidarity.advocacy.models import ActionTaken, Signature
from callidarity.donations.models import Donation
from callidarity.ledger.models import Account, Entry, Transaction


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Return [start's midnight, the midnight after end) in the site's time zone."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return first, after


def list_gift_rows(start: date, end: date) -> QuerySet[Donation, tuple[Any, ...]]:
    """Return the gifts that succeeded between the dates (inclusive), oldest first."""
    first, after = day_bounds(start, end)
    return (
        Donation.objects.filter(succeeded_at__gte=first, succeeded_at__lt=after)
        .order_by("succeeded_at", "pk")
        .values_list(
            "succeeded_at",
            "public_id",
            "fund_account__code",
            "amount_cents",
            "refunded_cents",
            "currency",
            "status",
            "provider",
            "method",
            "received_on",
            "reference",
            "donor__email",
            "donor__name",
            "is_anonymous",
        )
    )


def list_refund_rows(start: date, end: date) -> QuerySet[Entry, tuple[Any, ...]]:
    """Return the refunds posted between the dates, as the fund side of each, oldest first.

    From the ledger, because a donation keeps only its cumulative refunded amount; the
    memo names the donation.
    """
    first, after = day_bounds(start, end)
    return (
        Entry.objects.filter(
            transaction__kind=Transaction.Kind.REFUND,
            account__kind=Account.Kind.FUND,
            transaction__occurred_at__gte=first,
            transaction__occurred_at__lt=after,
        )
        .order_by("transaction__occurred_at", "transaction_id", "pk")
        .values_list(
            "transaction__occurred_at",
            "transaction_id",
            "transaction__reverses_id",
            "account__code",
            "amount_cents",
            "currency",
            "transaction__memo",
        )
    )


def list_entry_rows(start: date, end: date) -> QuerySet[Entry, tuple[Any, ...]]:
    """Return every ledger entry of the transactions that occurred between the dates."""
    first, after = day_bounds(start, end)
    return (
        Entry.objects.filter(
            transaction__occurred_at__gte=first, transaction__occurred_at__lt=after
        )
        .order_by("transaction__occurred_at", "transaction_id", "pk")
        .values_list(
            "transaction__occurred_at",
            "transaction_id",
            "transaction__kind",
            "pk",
            "account__code",
            "amount_cents",
            "currency",
            "transaction__memo",
        )
    )


def list_action_rows(start: date, end: date) -> QuerySet[ActionTaken, tuple[Any, ...]]:
    """Return every call recorded between the dates (inclusive), oldest first."""
    first, after = day_bounds(start, end)
    return (
        ActionTaken.objects.filter(created_at__gte=first, created_at__lt=after)
        .order_by("created_at", "pk")
        .values_list(
            "created_at",
            "action__slug",
            "target__name",
            "target__chamber",
            "target__district",
            "outcome",
            "supporter__email",
        )
    )


def list_signature_rows(start: date, end: date) -> QuerySet[Signature, tuple[Any, ...]]:
    """Return every petition signature made between the dates (inclusive), oldest first."""
    first, after = day_bounds(start, end)
    return (
        Signature.objects.filter(created_at__gte=first, created_at__lt=after)
        .order_by("created_at", "pk")
        .values_list(
            "created_at",
            "action__slug",
            "name",
            "city",
            "status",
            "is_public",
            "comment",
            "supporter__email",
        )
    )

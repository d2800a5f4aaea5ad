"""The CSV exports for the treasurer (and organizers): what each contains, who may take it,
and its rows.

Column names are stable identifiers, not translated text: a treasurer's spreadsheet
formulas and import scripts keep working whatever the language of the person exporting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from callidarity.advocacy.models import ActionTaken, Signature

from . import selectors
from .spreadsheet import Cell, dollars, local_date, utc_iso

# Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Export:
    slug: str
    label: Promise
    capability: str  # what the user must hold (accounts.rules), besides reports.exports
    header: Sequence[str]
    rows: Callable[[date, date], Iterator[Sequence[Cell]]]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _gift_rows(start: date, end: date) -> Iterator[Sequence[Cell]]:
    rows = selectors.list_gift_rows(start, end).iterator(chunk_size=CHUNK_SIZE)
    for (
        at,
        public_id,
        fund,
        cents,
        refunded,
        currency,
        status,
        provider,
        method,
        received_on,
        reference,
        email,
        name,
        anonymous,
    ) in rows:
        yield (
            local_date(at),
            utc_iso(at),
            str(public_id),
            fund,
            dollars(cents),
            cents,
            dollars(refunded),
            refunded,
            currency,
            status,
            provider,
            method,
            received_on,
            reference,
            email,
            name,
            _yes_no(anonymous),
        )


def _refund_rows(start: date, end: date) -> Iterator[Sequence[Cell]]:
    rows = selectors.list_refund_rows(start, end).iterator(chunk_size=CHUNK_SIZE)
    for at, txn_id, reverses_id, fund, cents, currency, memo in rows:
        # The fund's side of a refund is a debit: the money leaving the fund.
        yield (
            local_date(at),
            utc_iso(at),
            txn_id,
            reverses_id,
            fund,
            dollars(cents),
            cents,
            currency,
            memo,
        )


def _entry_rows(start: date, end: date) -> Iterator[Sequence[Cell]]:
    rows = selectors.list_entry_rows(start, end).iterator(chunk_size=CHUNK_SIZE)
    for at, txn_id, kind, entry_id, account, cents, currency, memo in rows:
        debit = dollars(cents) if cents > 0 else None
        credit = dollars(-cents) if cents < 0 else None
        yield (
            local_date(at),
            utc_iso(at),
            txn_id,
            kind,
            entry_id,
            account,
            debit,
            credit,
            dollars(cents),
            cents,
            currency,
            memo,
        )


def _action_rows(start: date, end: date) -> Iterator[Sequence[Cell]]:
    rows = selectors.list_action_rows(start, end).iterator(chunk_size=CHUNK_SIZE)
    for at, action, target, chamber, district, outcome, email in rows:
        done = outcome in ActionTaken.DONE
        yield (
            local_date(at),
            utc_iso(at),
            action,
            target,
            chamber,
            district,
            outcome,
            _yes_no(done),
            email or "",
        )


def _signature_rows(start: date, end: date) -> Iterator[Sequence[Cell]]:
    rows = selectors.list_signature_rows(start, end).iterator(chunk_size=CHUNK_SIZE)
    for at, action, name, city, status, is_public, comment, email in rows:
        yield (
            local_date(at),
            utc_iso(at),
            action,
            name,
            city,
            status,
            _yes_no(status == Signature.Status.COUNTED),
            _yes_no(is_public),
            comment,
            email,
        )


EXPORTS: dict[str, Export] = {
    export.slug: export
    for export in (
        Export(
            slug="gifts",
            label=_("Gifts"),
            capability="donations",
            header=(
                "date",
                "time_utc",
                "donation_id",
                "fund",
                "amount",
                "amount_cents",
                "refunded",
                "refunded_cents",
                "currency",
                "status",
                "provider",
                "method",
                "received_on",
                "reference",
                "donor_email",
                "donor_name",
                "anonymous",
            ),
            rows=_gift_rows,
        ),
        Export(
            slug="refunds",
            label=_("Refunds"),
            capability="ledger",
            header=(
                "date",
                "time_utc",
                "transaction_id",
                "reverses_transaction_id",
                "fund",
                "amount",
                "amount_cents",
                "currency",
                "memo",
            ),
            rows=_refund_rows,
        ),
        Export(
            slug="entries",
            label=_("Ledger entries"),
            capability="ledger",
            header=(
                "date",
                "time_utc",
                "transaction_id",
                "kind",
                "entry_id",
                "account",
                "debit",
                "credit",
                "amount",
                "amount_cents",
                "currency",
                "memo",
            ),
            rows=_entry_rows,
        ),
        Export(
            slug="actions",
            label=_("Calls made and letters sent in actions"),
            capability="advocacy.taken",
            header=(
                "date",
                "time_utc",
                "action",
                "target",
                "chamber",
                "district",
                "outcome",
                "counts_as_done",
                "email",
            ),
            rows=_action_rows,
        ),
        Export(
            slug="signatures",
            label=_("Petition signatures"),
            capability="advocacy.taken",
            header=(
                "date",
                "time_utc",
                "petition",
                "name",
                "town",
                "status",
                "counted",
                "shown_publicly",
                "comment",
                "email",
            ),
            rows=_signature_rows,
        ),
    )
}

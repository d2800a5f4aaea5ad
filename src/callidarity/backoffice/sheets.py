"""The vendor deposit sheet of a run: CSV for the vendor's bulk upload, PDF to print."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from callidarity.aid.models import DisbursementLine
from callidarity.aid.selectors import RunView
from callidarity.core.pdf import render_pdf
from callidarity.reports.spreadsheet import Cell, csv_chunks, dollars


def filename(view: RunView, extension: str) -> str:
    """Return the download's file name, e.g. deposits-2026-11-30.csv."""
    return f"deposits-{view.run.period_start.isoformat()}.{extension}"


def _rows(view: RunView) -> Iterator[list[Cell]]:
    for line in sheet_lines(view):
        vendor = line.facility.deposit_vendor
        yield [
            line.facility.name,
            vendor.name if vendor is not None else "",
            line.member.name,
            line.member.id_number,
            dollars(line.amount_cents),
            dollars(line.fee_cents),
            line.weeks,
            line.covers_until,
            line.get_status_display(),
            line.confirmation_number,
        ]


def sheet_lines(view: RunView) -> list[DisbursementLine]:
    """Return the deposits a vendor sheet lists: sent or confirmed, never failed."""
    return [line for line in view.lines if line.status != DisbursementLine.Status.FAILED]


def csv_sheet(view: RunView) -> Iterator[str]:
    """Yield the sheet as CSV: one row per deposit, grouped by facility."""
    header = [
        _("facility"),
        _("vendor"),
        _("name"),
        _("ID number"),
        _("deposit"),
        _("fee"),
        _("weeks"),
        _("covers until"),
        _("status"),
        _("confirmation number"),
    ]
    return csv_chunks(header, _rows(view))


def pdf_sheet(view: RunView) -> bytes:
    """Return the sheet as a printable PDF."""
    return render_pdf(
        "backoffice/pdf/deposit_sheet.html",
        {
            "view": view,
            "lines": sheet_lines(view),
            "organization_name": settings.ORGANIZATION_NAME,
        },
        language=get_language() or "en",
    )

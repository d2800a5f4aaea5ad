"""The treasurer's exports page: pick a report and dates, get a CSV streamed back."""

from __future__ import annotations

import logging

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from callidarity.accounts.decorators import staff_view
from callidarity.accounts.selectors import can

from .exports import EXPORTS
from .forms import ExportForm
from .spreadsheet import csv_chunks

logger = logging.getLogger(__name__)


@staff_view("reports.exports")
@require_safe
def exports(request: HttpRequest) -> HttpResponseBase:
    """Show the export form; with valid choices, stream the CSV (400 on bad dates).

    For staff holding reports.exports, and each report's own capability (gifts carry
    donors' emails: "donations"; refunds and entries: "ledger").
    """
    allowed = [e for e in EXPORTS.values() if can(request.user, e.capability)]
    asked = EXPORTS.get(request.GET.get("report", ""))
    if not allowed or (asked is not None and asked not in allowed):
        raise PermissionDenied
    if not request.GET:
        form = ExportForm(allowed=allowed)
        return _page(request, form, status=200)
    form = ExportForm(request.GET, allowed=allowed)
    if not form.is_valid():
        return _page(request, form, status=400)
    export = EXPORTS[form.cleaned_data["report"]]
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    # Who took which data out (gifts carry donors' emails); never the data itself.
    logger.info(
        "reports.export",
        extra={
            "report": export.slug,
            "user_id": request.user.pk,
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
    )
    response = StreamingHttpResponse(
        csv_chunks(export.header, export.rows(start, end)), content_type="text/csv; charset=utf-8"
    )
    filename = f"{export.slug}_{start.isoformat()}_{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page(request: HttpRequest, form: ExportForm, *, status: int) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": _("Export for the treasurer"),
        "form": form,
    }
    return TemplateResponse(request, "reports/exports.html", context, status=status)

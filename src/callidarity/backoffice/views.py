"""The organizers' own pages under /admin/support/: the intake queue and the weekly run.

Built for a phone: one column, plain forms, no JavaScript. Every page declares its
capability with `staff_view`; those showing people inside need a verified second factor.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from callidarity.accounts.decorators import staff_view
from callidarity.accounts.selectors import can
from callidarity.aid import selectors as aid
from callidarity.aid import services
from callidarity.aid.exceptions import SupportError
from callidarity.aid.models import DisbursementLine, DisbursementRun, SupportRequest

from . import sheets
from .forms import (
    ApproveForm,
    ConfirmLineForm,
    FailLineForm,
    ProposeRunForm,
    ReasonForm,
    StaffRequestForm,
    WhatIfForm,
)


@staff_view("accounts.self")
@require_safe
def support_home(request: HttpRequest) -> HttpResponse:
    """Show what waits: new requests, open runs, the runway (counts only, no names)."""
    context: dict[str, Any] = {
        "can_requests": can(request.user, "aid.requests"),
        "can_runs": can(request.user, "aid.disbursements"),
    }
    if context["can_requests"]:
        context["queue"] = aid.count_open_requests()
    if context["can_runs"]:
        context["runways"] = [(fund, aid.runway(fund)) for fund in aid.list_funds()]
    return render(request, "backoffice/support_home.html", context)


# The intake queue ------------------------------------------------------------------------


@staff_view("aid.requests")
@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    """List new and waitlisted requests, oldest first."""
    requests = aid.list_open_requests_for_staff(user=request.user)
    return render(request, "backoffice/request_list.html", {"requests": requests})


def _request_or_404(request: HttpRequest, public_id: str) -> SupportRequest:
    try:
        return aid.get_request_for_staff(user=request.user, public_id=public_id)
    except (SupportRequest.DoesNotExist, ValueError):
        raise Http404(_("No such request.")) from None


def _request_page(
    request: HttpRequest, support_request: SupportRequest, *, status: int = 200, **forms: Any
) -> HttpResponse:
    context = {
        "req": support_request,
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "is_open": support_request.status
        in (SupportRequest.Status.NEW, SupportRequest.Status.WAITLISTED),
    }
    return render(request, "backoffice/request_detail.html", context, status=status)


@staff_view("aid.requests")
@require_safe
def request_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show one request in full, with the forms to approve, waitlist or decline it."""
    return _request_page(request, _request_or_404(request, public_id))


@staff_view("aid.requests")
@require_POST
def request_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    """Approve, waitlist or decline a request; say what to fix (4xx) if it cannot be."""
    support_request = _request_or_404(request, public_id)
    decision = request.POST.get("decision", "")
    try:
        if decision == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                return _request_page(request, support_request, status=400, approve_form=form)
            services.approve_request(
                request=support_request,
                by=request.user,
                plans=form.plans(),
                fund_account=form.cleaned_data["fund"],
            )
            messages.success(request, _("Approved: she is now a member with a weekly plan."))
        elif decision in ("waitlist", "decline"):
            reason_form = ReasonForm(request.POST)
            if not reason_form.is_valid():
                return _request_page(request, support_request, status=400, reason_form=reason_form)
            reason = reason_form.cleaned_data["reason"]
            if decision == "waitlist":
                services.waitlist_request(request=support_request, by=request.user, reason=reason)
                messages.success(request, _("The request is on the waiting list."))
            else:
                services.decline_request(request=support_request, by=request.user, reason=reason)
                messages.success(request, _("The request was declined."))
        else:
            return _request_page(request, support_request, status=400)
    except SupportError as error:
        messages.error(request, str(error))
        return _request_page(request, support_request, status=409)
    return HttpResponseRedirect(reverse("backoffice:request-list"))


@staff_view("aid.requests")
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Type in a request that came by letter, phone or in person."""
    if request.method in ("GET", "HEAD"):
        form = StaffRequestForm()
        return render(request, "backoffice/request_new.html", {"form": form})
    form = StaffRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "backoffice/request_new.html", {"form": form}, status=400)
    created = services.submit_support_request(
        details=form.details(), source=form.cleaned_data["source"], entered_by=request.user
    )
    messages.success(request, _("The request was added to the queue."))
    return HttpResponseRedirect(reverse("backoffice:request-detail", args=[created.public_id]))


# The weekly run --------------------------------------------------------------------------


@staff_view("aid.disbursements")
@require_http_methods(["GET", "HEAD", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    """List the runs and propose the next one."""
    form = ProposeRunForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = services.propose_run(
                    fund_account=form.cleaned_data["fund"],
                    period_start=form.cleaned_data["week"],
                    by=request.user,
                )
            except SupportError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                return HttpResponseRedirect(reverse("backoffice:run-detail", args=[run.pk]))
        else:
            status = 400
    runs = aid.list_runs(user=request.user)[:52]
    return render(request, "backoffice/run_list.html", {"form": form, "runs": runs}, status=status)


def _run_or_404(request: HttpRequest, run_id: int) -> aid.RunView:
    try:
        return aid.get_run_for_staff(user=request.user, run_id=run_id)
    except DisbursementRun.DoesNotExist:
        raise Http404(_("No such run.")) from None


def _run_page(request: HttpRequest, view: aid.RunView, *, status: int = 200) -> HttpResponse:
    context = {
        "view": view,
        "run": view.run,
        "fail_form": FailLineForm(),
        "is_draft": view.run.status == DisbursementRun.Status.DRAFT,
    }
    return render(request, "backoffice/run_detail.html", context, status=status)


@staff_view("aid.disbursements")
@require_safe
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """Show a run: each deposit, its fee, what planning saved, who is left out."""
    return _run_page(request, _run_or_404(request, run_id))


def _line(run_id: int, line_id: int) -> DisbursementLine:
    line = DisbursementLine.objects.select_related("run").filter(pk=line_id, run_id=run_id).first()
    if line is None:
        raise Http404(_("No such deposit."))
    return line


@staff_view("aid.disbursements")
@require_POST
def run_act(request: HttpRequest, run_id: int) -> HttpResponse:
    """Change a run: propose it again, send it to the vendors, or drop, confirm or fail a line.

    Done: back to the run (302). Refused or malformed: the run page again with the reason
    (409 or 400), nothing changed.
    """
    run = DisbursementRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404(_("No such run."))
    action = request.POST.get("action", "")

    def refused(message: str, status: int) -> HttpResponse:
        messages.error(request, message)
        return _run_page(request, _run_or_404(request, run.pk), status=status)

    try:
        if action == "repropose":
            services.repropose_run(run=run, by=request.user)
            done = _("The run was proposed again from today's balance.")
        elif action == "export":
            services.export_run(run=run, by=request.user)
            done = _("Marked as sent. Confirm each deposit with the vendor's number.")
        elif action == "remove":
            services.remove_line(
                line=_line(run.pk, _int(request.POST.get("line"))), by=request.user
            )
            done = _("The deposit was taken out of the run.")
        elif action == "confirm":
            line = _line(run.pk, _int(request.POST.get("line")))
            form = ConfirmLineForm(request.POST)
            if not form.is_valid():
                return refused(_("Enter the vendor's confirmation number."), 400)
            services.confirm_line(
                line=line,
                confirmation_number=form.cleaned_data["confirmation_number"],
                by=request.user,
            )
            done = _("Confirmed and recorded in the ledger.")
        elif action == "fail":
            line = _line(run.pk, _int(request.POST.get("line")))
            fail = FailLineForm(request.POST)
            if not fail.is_valid():
                return refused(_("Choose why the deposit failed."), 400)
            services.fail_line(
                line=line,
                failure=fail.cleaned_data["failure"],
                note=fail.cleaned_data["note"],
                by=request.user,
            )
            done = _("Marked as failed; nothing was posted.")
        else:
            return refused(_("Unknown action."), 400)
    except SupportError as error:
        return refused(str(error), 409)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("backoffice:run-detail", args=[run.pk]))


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404(_("No such deposit.")) from None


def _sent_run_or_409(request: HttpRequest, run_id: int) -> aid.RunView | HttpResponse:
    view = _run_or_404(request, run_id)
    if view.run.status == DisbursementRun.Status.DRAFT:
        # A sheet uploaded from a draft would send money the run may still change.
        messages.error(request, _("Mark the run as sent to the vendors first; then download it."))
        return _run_page(request, view, status=409)
    return view


@staff_view("aid.disbursements")
@require_safe
def run_sheet_csv(request: HttpRequest, run_id: int) -> HttpResponse | StreamingHttpResponse:
    """Download the vendor deposit sheet as CSV (a run sent to the vendors)."""
    view = _sent_run_or_409(request, run_id)
    if isinstance(view, HttpResponse):
        return view
    response = StreamingHttpResponse(sheets.csv_sheet(view), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{sheets.filename(view, "csv")}"'
    return response


@staff_view("aid.disbursements")
@require_safe
def run_sheet_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    """Download the vendor deposit sheet as a printable PDF (a run sent to the vendors)."""
    view = _sent_run_or_409(request, run_id)
    if isinstance(view, HttpResponse):
        return view
    response = HttpResponse(sheets.pdf_sheet(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sheets.filename(view, "pdf")}"'
    return response


@staff_view("aid.disbursements")
@require_safe
def runway_view(request: HttpRequest) -> HttpResponse:
    """Show each fund's runway, and what adding members would do to it."""
    funds = list(aid.list_funds())
    fund = next((f for f in funds if str(f.pk) == request.GET.get("fund")), None)
    fund = fund or next((f for f in funds if f.code != "fund:general"), funds[0] if funds else None)
    if fund is None:
        raise PermissionDenied
    base = aid.runway(fund)
    form = WhatIfForm(request.GET if "members" in request.GET else None)
    scenario = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            scenario = aid.what_if(
                base,
                members=data["members"],
                weekly_cents=data["weekly"].cents,
                facility=data["facility"],
            )
        else:
            status = 400
    context = {
        "funds": funds,
        "fund": fund,
        "base": base,
        "form": form,
        "scenario": scenario,
        "weeks": form.cleaned_data["weeks"] if scenario else None,
        "needed_cents": scenario.needed_for(form.cleaned_data["weeks"]) if scenario else None,
    }
    return render(request, "backoffice/runway.html", context, status=status)

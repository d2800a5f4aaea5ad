"""Donation endpoints that belong to no campaign page: the webhook, the sandbox checkout,
receipts and year-end statements."""

from __future__ import annotations

import logging
from uuid import UUID

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from callidarity.core.money import MoneyError
from callidarity.core.ratelimit import allow
from callidarity.ledger.exceptions import LedgerError

from . import receipts, selectors, services, tokens, webhooks
from .exceptions import CheckoutUnavailable, DonationError, PaymentNotYetRecorded, WebhookRejected
from .forms import StatementRequestForm
from .models import Donation, RecurringDonation

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    """Receive a Stripe event: 400 if unverifiable, 5xx to be retried, else 200."""
    try:
        event = webhooks.verify_event(request.body, request.headers.get("Stripe-Signature"))
    except WebhookRejected as exc:
        logger.warning("stripe.webhook.rejected", extra={"reason": str(exc)})
        return JsonResponse({"error": "invalid payload or signature"}, status=400)
    try:
        webhooks.handle_event(event)
    except (PaymentNotYetRecorded, LedgerError, DatabaseError):
        logger.exception("stripe.webhook.retry", extra={"event_id": event["id"]})
        return JsonResponse({"error": "not processed; retry"}, status=500)
    except (DonationError, MoneyError, ValueError, TypeError, KeyError):
        logger.exception("stripe.webhook.unusable", extra={"event_id": event["id"]})
        return JsonResponse({"error": "event content not usable"}, status=400)
    return JsonResponse({"received": True})


def _safe_redirect(request: HttpRequest, url: str) -> HttpResponseRedirect:
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = "/"
    return HttpResponseRedirect(url)


@require_http_methods(["GET", "HEAD", "POST"])
def sandbox_checkout(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A local stand-in for the processor's payment page; no money moves."""
    donation = get_object_or_404(
        Donation.objects.select_related("donor"),
        public_id=public_id,
        provider=Donation.Provider.SANDBOX,
    )
    context = {
        "amount_cents": donation.amount_cents,
        "fee_cover_cents": donation.fee_cover_cents,
        "currency": donation.currency,
        "status": donation.get_status_display(),
        "pending": donation.status == Donation.Status.PENDING,
    }
    if request.method == "POST":
        if request.POST.get("decision") == "cancel":
            return _safe_redirect(request, donation.cancel_url or "/")
        if donation.status == Donation.Status.PENDING:
            try:
                services.complete_sandbox_checkout(donation)
            except (DonationError, LedgerError):
                logger.exception("sandbox.checkout.failed", extra={"donation_id": donation.pk})
                return render(
                    request,
                    "donations/sandbox_checkout.html",
                    {**context, "failed": True},
                    status=409,
                )
        return _safe_redirect(request, donation.success_url or "/")
    return render(request, "donations/sandbox_checkout.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def sandbox_monthly_checkout(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The sandbox's stand-in for a monthly checkout: starts the plan and pays month one."""
    plan = get_object_or_404(
        RecurringDonation.objects.select_related("donor"),
        public_id=public_id,
        provider=Donation.Provider.SANDBOX,
    )
    pending = plan.status == RecurringDonation.Status.PENDING
    context = {
        "amount_cents": plan.amount_cents,
        "fee_cover_cents": plan.fee_cover_cents,
        "currency": plan.currency,
        "status": plan.get_status_display(),
        "pending": pending,
        "monthly": True,
    }
    if request.method == "POST":
        if request.POST.get("decision") == "cancel":
            return _safe_redirect(request, plan.cancel_url or "/")
        if pending:
            try:
                services.complete_sandbox_monthly_checkout(plan)
            except (DonationError, LedgerError):
                logger.exception("sandbox.monthly.failed", extra={"plan_id": plan.pk})
                return render(
                    request,
                    "donations/sandbox_checkout.html",
                    {**context, "failed": True},
                    status=409,
                )
        return _safe_redirect(request, plan.success_url or "/")
    return render(request, "donations/sandbox_checkout.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def monthly_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Let a donor stop a monthly gift from the signed link in a receipt: no account needed."""
    public_id = tokens.read_cancel_token(token)
    plan = (
        RecurringDonation.objects.select_related("fund_account").filter(public_id=public_id).first()
        if public_id
        else None
    )
    if plan is None:
        return render(request, "donations/monthly_cancel.html", {"invalid": True}, status=400)
    context: dict[str, object] = {"plan": plan, "fund_name": plan.fund_account.name}
    status = 200
    if request.method == "POST" and not plan.is_ended:
        try:
            plan = services.cancel_monthly_donation(plan=plan)
        except CheckoutUnavailable as exc:
            context["error"] = str(exc)
            status = 503
        context["plan"] = plan
    return render(request, "donations/monthly_cancel.html", context, status=status)


def _too_many() -> str:
    return _("Too many attempts from your connection. Please wait and try again.")


@require_http_methods(["GET", "HEAD", "POST"])
def statement_request(request: HttpRequest) -> HttpResponse:
    """Take an address and a year; email a link to that year's statement if it gave."""
    if request.method in ("GET", "HEAD"):
        return render(request, "donations/statement_request.html", {"form": StatementRequestForm()})
    form = StatementRequestForm(request.POST)
    sent = reverse("donations:statement-sent")
    if form.is_bot():
        return HttpResponseRedirect(sent)  # looks like success; sends nothing
    status = 400
    if not allow(request, "statement"):
        form.add_error(None, _too_many())
        status = 429
    elif form.is_valid():
        # The same answer whether or not the address gave: that is nobody's business.
        services.request_statement(
            email=form.cleaned_data["email"],
            year=form.cleaned_data["year"],
            language=get_language() or "en",
        )
        return HttpResponseRedirect(sent)
    return render(request, "donations/statement_request.html", {"form": form}, status=status)


@require_safe
def statement_sent(request: HttpRequest) -> HttpResponse:
    """Say that a link is on its way if there were gifts, without saying whether there were."""
    return render(request, "donations/statement_sent.html")


def _link_problem(
    request: HttpRequest, *, expired: bool = False, busy: bool = False, status: int = 400
) -> HttpResponse:
    days = tokens.STATEMENT_LINK_MAX_AGE // (24 * 3600)
    context = {"expired": expired, "busy": busy, "max_age_days": days}
    return render(request, "donations/link_invalid.html", context, status=status)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A receipt names a person and their gifts: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def receipt_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """Return a gift's receipt as PDF from the signed link in its email; no login."""
    public_id = tokens.read_receipt_token(token)
    if public_id is None:
        return _link_problem(request)
    # Rendering a PDF costs real CPU: a link cannot be used to keep the server busy.
    if not allow(request, "receipt-pdf"):
        return _link_problem(request, busy=True, status=429)
    receipt = selectors.get_receipt_by_public_id(public_id)
    if receipt is None:
        return _link_problem(request, status=404)
    return _pdf_response(receipts.render_receipt_pdf(receipt), receipts.receipt_filename(receipt))


@require_safe
def statement_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """Return a year-end statement as PDF from the signed link in its email; no login."""
    try:
        asked = tokens.read_statement_token(token)
    except tokens.LinkExpired:
        return _link_problem(request, expired=True)
    if asked is None:
        return _link_problem(request)
    if not allow(request, "receipt-pdf"):
        return _link_problem(request, busy=True, status=429)
    statement = selectors.get_statement(email=asked.email, year=asked.year)
    pdf = receipts.render_statement_pdf(statement, language=asked.language)
    return _pdf_response(pdf, receipts.statement_filename(statement))

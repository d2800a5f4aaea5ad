"""Donations in the admin: read-only rows with their receipts, and a form to record offline
gifts."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from callidarity.accounts.selectors import can
from callidarity.core.money import Money, MoneyError, format_money
from callidarity.ledger.models import Account

from . import receipts, selectors
from .exceptions import DonationError
from .models import Donation, RecurringDonation, StripeEvent
from .services import cancel_monthly_donation, record_offline_gift, simulate_sandbox_month

_RECEIPT_NUMBER = re.compile(r"^\s*(?:\d{4}-)?0*(\d+)\s*$")


class OfflineGiftForm(forms.Form):
    fund_account = forms.ModelChoiceField(
        label=_("Fund"), queryset=Account.objects.filter(kind=Account.Kind.FUND)
    )
    amount = forms.CharField(label=_("Amount"), help_text=_("For example 40 or 40.00"))
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[
            (Donation.Method.CHECK, Donation.Method.CHECK.label),
            (Donation.Method.MONEY_ORDER, Donation.Method.MONEY_ORDER.label),
            (Donation.Method.CASH, Donation.Method.CASH.label),
        ],
    )
    email = forms.EmailField(label=_("Donor's email"))
    name = forms.CharField(label=_("Donor's name"), required=False, max_length=100)
    is_anonymous = forms.BooleanField(label=_("Show as anonymous"), required=False)
    received_on = forms.DateField(label=_("Received on"), initial=timezone.localdate)
    reference = forms.CharField(label=_("Check or money order number"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the receipt"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,
        help_text=_("The receipt is emailed to the donor in this language."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fund = data.get("fund_account")
        if fund is not None and "amount" in data:
            try:
                data["amount"] = Money.parse(data["amount"], fund.currency)
            except MoneyError as exc:
                self.add_error("amount", str(exc))
        return data


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "created_at",
        "amount_display",
        "status",
        "provider",
        "method",
        "fund_account",
        "receipt_number",
    ]
    list_filter = [
        "status",
        "provider",
        "method",
        ("fund_account", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["donor__email", "payment_intent_id", "checkout_session_id", "reference"]
    list_select_related = ["fund_account", "receipt"]
    change_list_template = "admin/donations/donation/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["receipt_link", *(f.name for f in Donation._meta.fields)]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Donation], search_term: str
    ) -> tuple[QuerySet[Donation], bool]:
        """Find a donation by its receipt number ("2026-000123") as well."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = _RECEIPT_NUMBER.match(search_term)
        if match:
            found = found | queryset.filter(receipt__pk=int(match.group(1)))
        return found, may_have_duplicates

    @admin.display(description=_("receipt"), ordering="receipt__pk")
    def receipt_number(self, obj: Donation) -> str:
        receipt = getattr(obj, "receipt", None)
        return receipt.number if receipt is not None else "—"

    @admin.display(description=_("receipt"))
    def receipt_link(self, obj: Donation) -> str:
        receipt = getattr(obj, "receipt", None)
        if receipt is None:
            return "—"
        url = reverse("admin:donations_donation_receipt", args=[obj.pk])
        return format_html('{} · <a href="{}">{}</a>', receipt.number, url, _("Download the PDF"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount_display(self, obj: Donation) -> str:
        return format_money(obj.amount_cents, obj.currency)

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "record-offline/",
                self.admin_site.admin_view(self.record_offline_view),
                name="donations_donation_record_offline",
            ),
            path(
                "<int:donation_id>/receipt.pdf",
                self.admin_site.admin_view(self.receipt_pdf_view),
                name="donations_donation_receipt",
            ),
        ]
        return extra + super().get_urls()

    def receipt_pdf_view(self, request: HttpRequest, donation_id: int) -> HttpResponse:
        """Let staff who may see donations download a gift's receipt as the donor gets it."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        receipt = selectors.get_receipt(donation_id=donation_id)
        if receipt is None:
            raise Http404(_("This donation has no receipt."))
        response = HttpResponse(
            receipts.render_receipt_pdf(receipt), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{receipts.receipt_filename(receipt)}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def record_offline_view(self, request: HttpRequest) -> HttpResponse:
        # Offline gifts go through this page, not the admin's add form (which is off).
        if not can(request.user, "donations"):
            return HttpResponse(status=403)
        form = OfflineGiftForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                donation = record_offline_gift(
                    fund_account=data["fund_account"],
                    amount=data["amount"],
                    method=data["method"],
                    email=data["email"],
                    name=data["name"],
                    is_anonymous=data["is_anonymous"],
                    received_on=data["received_on"],
                    reference=data["reference"],
                    recorded_by=request.user,
                    language=data["language"],
                )
            except DonationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Recorded %(amount)s.") % {"amount": donation.amount})
                return HttpResponseRedirect(reverse("admin:donations_donation_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record an offline gift"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/donations/record_offline.html", context)


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["received_at", "type", "event_id", "processed_at"]
    list_filter = ["type"]
    search_fields = ["event_id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[StripeEvent]:
        return super().get_queryset(request).defer("payload")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RecurringDonation)
class RecurringDonationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Monthly gifts: read-only, with a stop for organizers (the donor has their own link)
    and, in the sandbox, a way to pay the next month and watch it arrive."""

    list_display = ["created_at", "amount_display", "status", "provider", "failed_payments"]
    list_filter = ["status", "provider", ("fund_account", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["donor__email", "subscription_id"]
    list_select_related = ["fund_account"]
    actions = ["stop", "pay_next_month"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in RecurringDonation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("monthly amount"), ordering="amount_cents")
    def amount_display(self, obj: RecurringDonation) -> str:
        return format_money(obj.amount_cents, obj.currency)

    @admin.action(description=_("Stop these monthly gifts"))
    def stop(self, request: HttpRequest, queryset: QuerySet[RecurringDonation]) -> None:
        stopped = 0
        for plan in queryset.exclude(status=RecurringDonation.Status.ENDED):
            try:
                cancel_monthly_donation(plan=plan)
            except DonationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            stopped += 1
        self.message_user(request, _("Stopped: %(count)d.") % {"count": stopped})

    @admin.action(description=_("Sandbox: pay the next month now"))
    def pay_next_month(self, request: HttpRequest, queryset: QuerySet[RecurringDonation]) -> None:
        paid = 0
        for plan in queryset.filter(
            provider=Donation.Provider.SANDBOX, status=RecurringDonation.Status.ACTIVE
        ):
            if simulate_sandbox_month(plan) is not None:
                paid += 1
        self.message_user(request, _("Months paid (test): %(count)d.") % {"count": paid})

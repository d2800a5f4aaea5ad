"""The support program in the admin: facilities and their vendors' fees (editable), members
and plans (editable, every view and change audited), requests and runs (read here; decided
on the organizers' own pages under /admin/support/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from callidarity.accounts.admin import RoleAdminMixin
from callidarity.core.money import Money, MoneyError, format_money

from . import geo, services
from .exceptions import SupportError
from .models import (
    DepositFeeTier,
    DepositVendor,
    DisbursementRun,
    Facility,
    Member,
    SupportPlan,
    SupportRequest,
    id_number_hash,
)


class DepositFeeTierInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DepositFeeTier
    extra = 1


@admin.register(DepositVendor)
class DepositVendorAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    capability = "aid.facilities"
    list_display = ["name", "fees_checked_on"]
    inlines = [DepositFeeTierInline]


@admin.register(Facility)
class FacilityAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    capability = "aid.facilities"
    list_display = ["name", "agency", "city", "call_rate_cents_per_minute", "deposit_vendor"]
    list_filter = ["agency", "is_active"]
    search_fields = ["name", "city"]
    fieldsets = [
        (None, {"fields": ["name", "agency", "is_active"]}),
        (
            _("Address"),
            {
                "fields": [
                    "street", "city", "state", "zip_code", "latitude", "longitude",
                    "mailing_address_format", "address_checked_on",
                ]
            },
        ),
        (
            _("Calls"),
            {
                "fields": [
                    "phone_vendor", "call_rate_cents_per_minute", "free_minutes_per_month",
                    "rates_checked_on",
                ]
            },
        ),
        (
            _("Deposits"),
            {
                "fields": [
                    "deposit_vendor", "weekly_limit_cents", "max_weeks_per_deposit",
                    "limits_checked_on",
                ]
            },
        ),
    ]  # fmt: skip


class _AuditedAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Record each look at a record's page, and route saves through the services."""

    shown_fields: tuple[str, ...] = ()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # Any page that shows the record: the form, or the form sent back with errors.
        if object_id and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                services.record_views(objects=[obj], by=request.user, fields=self.shown_fields)
                self.record_related_views(request, obj)
        return response

    def record_related_views(self, request: HttpRequest, obj: Any) -> None:
        """Record the views of records shown inline on this page (none by default)."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if changelist is not None:
            own = {f.name for f in self.model._meta.get_fields()}
            listed = [f for f in self.list_display if isinstance(f, str) and f in own]
            services.record_views(
                objects=list(changelist.result_list), by=request.user, fields=listed
            )
        return response

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise SupportError(_("Records of people are never deleted; set a status instead."))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SupportPlanInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SupportPlan
    extra = 0
    fields = ["kind", "weekly_cents", "fund_account", "starts_on", "ends_on", "status"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MemberAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Member
        fields = [
            "name", "id_number", "facility", "status", "language", "children_zip",
            "has_visits", "waiting_since", "notes",
        ]  # fmt: skip
        widgets = {
            "name": forms.TextInput,
            "id_number": forms.TextInput,
            "children_zip": forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        facility = data.get("facility")
        if facility is not None and data.get("id_number"):
            digest = id_number_hash(facility.agency, data["id_number"])
            others = Member.objects.filter(id_hash=digest).exclude(pk=self.instance.pk)
            # The constraint decides; this only turns the common case into a message.
            if others.exists():
                self.add_error(
                    "id_number",
                    _("Someone with this ID number at this agency is already a member."),
                )
        zip_code = (data.get("children_zip") or "").strip()
        if zip_code and not geo.is_known_zip(zip_code):
            self.add_error("children_zip", _("Enter a 5-digit US ZIP code, like 60625."))
        return data


@admin.register(Member)
class MemberAdmin(_AuditedAdmin):
    capability = "aid.members"
    form = MemberAdminForm
    shown_fields = (
        "name", "id_number", "facility", "status", "language", "children_zip", "has_visits",
        "notes", "waiting_since",
    )  # fmt: skip
    list_display = ["__str__", "name", "facility", "status", "has_visits", "miles_from_children"]
    list_filter = ["status", "facility", "has_visits"]
    readonly_fields = ["miles_from_children"]
    inlines = [SupportPlanInline]

    def save_model(self, request: HttpRequest, obj: Member, form: Any, change: bool) -> None:
        services.save_member(member=obj, changed=form.changed_data, by=request.user)

    def record_related_views(self, request: HttpRequest, obj: Any) -> None:
        plans = list(SupportPlan.objects.filter(member=obj))
        shown = ["kind", "weekly_cents", "fund_account", "starts_on", "ends_on", "status"]
        services.record_views(objects=plans, by=request.user, fields=shown)


class SupportPlanForm(forms.ModelForm):  # type: ignore[type-arg]
    weekly = forms.CharField(label=_("Weekly amount"), help_text=_("In dollars, e.g. 15"))

    class Meta:
        model = SupportPlan
        fields = ["member", "kind", "weekly", "fund_account", "starts_on", "ends_on", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["weekly"] = self.instance.weekly.decimal_text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fund = data.get("fund_account")
        if fund is None or "weekly" not in data:
            return data
        # Here, not in clean_weekly: the amount is in the fund's currency, cleaned first.
        try:
            amount = Money.parse(data["weekly"], fund.currency)
            services.check_weekly(amount)
            member = data.get("member")
            if member is not None and data.get("status") == SupportPlan.Status.ACTIVE:
                services.check_facility_limit(member=member, adding=amount, replacing=self.instance)
        except (MoneyError, SupportError) as error:
            self.add_error("weekly", str(error))
            return data
        self.instance.weekly_cents = amount.cents
        self.instance.currency = fund.currency
        return data


@admin.register(SupportPlan)
class SupportPlanAdmin(_AuditedAdmin):
    capability = "aid.plans"
    form = SupportPlanForm
    shown_fields = ("member", "kind", "weekly_cents", "fund_account", "starts_on", "status")
    list_display = ["__str__", "member", "kind", "weekly_display", "status", "starts_on"]
    list_filter = ["kind", "status", "fund_account"]

    @admin.display(description=_("weekly"))
    def weekly_display(self, obj: SupportPlan) -> str:
        return format_money(obj.weekly_cents, obj.currency)

    def save_model(self, request: HttpRequest, obj: SupportPlan, form: Any, change: bool) -> None:
        changed = ["weekly_cents" if f == "weekly" else f for f in form.changed_data]
        services.save_plan(plan=obj, changed=changed, by=request.user)


class _ReadOnlyAudited(_AuditedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SupportRequest)
class SupportRequestAdmin(_ReadOnlyAudited):
    capability = "aid.requests"
    shown_fields = (
        "person_name", "id_number", "facility", "facility_other", "wants_calls",
        "wants_commissary", "visits", "children_zip", "requester_name", "relationship",
        "requester_email", "requester_phone", "message", "status", "reason",
    )  # fmt: skip
    list_display = ["__str__", "person_name", "facility", "status", "source", "created_at"]
    list_filter = ["status", "source", "facility"]
    fields = [*shown_fields, "member", "decided_at", "decided_by"]


@admin.register(DisbursementRun)
class DisbursementRunAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    capability = "aid.disbursements"
    list_display = ["period_start", "fund_account", "status", "available_display"]
    list_filter = ["status", "fund_account"]
    fields = ["period_start", "fund_account", "status", "available_cents", "exported_at"]

    @admin.display(description=_("available when proposed"))
    def available_display(self, obj: DisbursementRun) -> str:
        return format_money(obj.available_cents, obj.fund_account.currency)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        return super().get_queryset(request).select_related("fund_account")

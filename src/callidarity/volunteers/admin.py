"""Volunteers, drives and pledges in the admin (organizers).

A volunteer's details are hers (she confirms them from her inbox), so the admin shows them
and lets organizers correct a typo, but the skills are read from the sign-up. Pledges are
marked delivered or cancelled through the services, never by editing a status: in full or
cancelled in bulk (actions), or with the count actually brought from an open pledge's own
page. A pledge is never deleted, so what was delivered stays on record.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .exceptions import DriveError, PledgeNotOpen
from .forms import check_phone, check_zip_code
from .models import MAX_PER_ITEM, Drive, DriveItem, Pledge, Skill, Volunteer, VolunteerSignup


class SkillFilter(admin.SimpleListFilter):
    title = _("skill")
    parameter_name = "skill"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(Skill.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(skills__skill=value).distinct() if value else queryset


class VolunteerAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Correct a typo in her details, with the sign-up form's checks of ZIP code and phone."""

    class Meta:
        model = Volunteer
        # The admin's `fields` decides what is shown; these are the ones it lets her correct.
        fields = ["name", "phone", "zip_code", "other_skill", "languages", "availability",
                  "status"]  # fmt: skip

    def clean_zip_code(self) -> str:
        # A ZIP code the near page cannot place would hide her from every search.
        return check_zip_code(self.cleaned_data["zip_code"])

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "zip_code", "skills_shown", "languages", "phone", "email", "status"]
    list_filter = [SkillFilter, "status"]
    search_fields = ["name", "supporter__email", "zip_code", "languages", "phone"]
    list_select_related = ["supporter"]
    form = VolunteerAdminForm
    readonly_fields = ["supporter", "skills_shown", "language", "confirmed_at", "stopped_at",
                       "created_at", "updated_at"]  # fmt: skip
    fields = ["supporter", "name", "phone", "zip_code", "skills_shown", "other_skill",
              "languages", "availability", "status", "language", "confirmed_at", "stopped_at",
              "created_at", "updated_at"]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[Volunteer]:
        return super().get_queryset(request).prefetch_related("skills")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # she signs up herself and confirms from her inbox

    @admin.display(description=_("what she can do"))
    def skills_shown(self, obj: Volunteer) -> str:
        return ", ".join(obj.skill_labels)

    @admin.display(description=_("email"), ordering="supporter__email")
    def email(self, obj: Volunteer) -> str:
        return obj.supporter.email


@admin.register(VolunteerSignup)
class VolunteerSignupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Sign-ups waiting for their emailed link (deleted after a week unconfirmed)."""

    list_display = ["supporter", "zip_code", "created_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["supporter__email"]
    list_select_related = ["supporter"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DriveItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DriveItem
    extra = 3
    fields = ["name", "unit", "quantity_needed", "position", "pledged", "delivered"]
    readonly_fields = ["pledged", "delivered"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DriveItem]:
        return selectors.with_counts(super().get_queryset(request))

    @admin.display(description=_("pledged (open or delivered)"))
    def pledged(self, obj: DriveItem) -> int:
        return int(getattr(obj, "open_quantity", 0)) + int(getattr(obj, "delivered", 0))

    @admin.display(description=_("delivered"))
    def delivered(self, obj: DriveItem) -> int:
        return int(getattr(obj, "delivered", 0))


@admin.register(Drive)
class DriveAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "facility", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["facility"]
    fields = ["title", "slug", "status", "facility", "description", "drop_off", "starts_on",
              "ends_on"]  # fmt: skip
    inlines = [DriveItemInline]


class PledgeDeliveryForm(forms.ModelForm):  # type: ignore[type-arg]
    """An open pledge's page: how many she actually brought, recorded through the service."""

    brought = forms.IntegerField(
        label=_("brought"),
        required=False,
        min_value=1,
        max_value=MAX_PER_ITEM,
        help_text=_(
            "How many she brought, if not what she pledged: fewer frees the rest for others. "
            "Leave empty to change nothing."
        ),
        error_messages={
            "invalid": _("Enter a whole number, like 3."),
            "min_value": _("Enter how many were brought: at least 1."),
            "max_value": _("Enter how many were brought: at most %(limit_value)s."),
        },
    )

    class Meta:
        model = Pledge
        fields: list[str] = []

    def clean_brought(self) -> int | None:
        value: int | None = self.cleaned_data["brought"]
        if value is not None and self.instance.status != Pledge.Status.PLEDGED:
            raise forms.ValidationError(_("Only an open pledge can be marked delivered."))
        return value


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["item", "drive", "name", "email", "quantity", "status", "delivered_quantity",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "item__drive"]
    search_fields = ["name", "supporter__email", "item__name"]
    list_select_related = ["item__drive", "supporter"]
    readonly_fields = ["item", "supporter", "name", "quantity", "status",
                       "delivered_quantity", "delivered_at", "cancelled_at", "submission",
                       "language", "created_at"]  # fmt: skip
    actions = ["deliver_in_full", "cancel"]
    form = PledgeDeliveryForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # she pledges on the drive's page

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancel instead: a deleted pledge takes its delivery off the record

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        shown = list(self.readonly_fields)
        if obj is not None and obj.status == Pledge.Status.PLEDGED:
            shown.insert(shown.index("delivered_quantity"), "brought")
        return shown

    def save_model(self, request: HttpRequest, obj: Pledge, form: Any, change: bool) -> None:
        brought = form.cleaned_data.get("brought")
        if brought is None:
            return  # every other field is read-only: nothing to save
        try:
            services.mark_delivered(pledge=obj, by=request.user, quantity=brought)
        except DriveError as error:  # delivered or cancelled meanwhile
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            gettext("%(count)d marked delivered.") % {"count": brought},
            messages.SUCCESS,
        )

    @admin.display(description=_("drive"), ordering="item__drive__title")
    def drive(self, obj: Pledge) -> str:
        return obj.item.drive.title

    @admin.display(description=_("email"), ordering="supporter__email")
    def email(self, obj: Pledge) -> str:
        return obj.supporter.email

    @admin.action(description=_("Mark delivered, as pledged"))
    def deliver_in_full(self, request: HttpRequest, queryset: QuerySet[Pledge]) -> None:
        done = skipped = 0
        for found in queryset.order_by("pk"):
            try:
                services.mark_delivered(pledge=found, by=request.user)
                done += 1
            except PledgeNotOpen:
                skipped += 1
        text = ngettext(
            "%(count)d pledge marked delivered.", "%(count)d pledges marked delivered.", done
        )
        self._report(request, done, skipped, text)

    @admin.action(description=_("Cancel the pledges"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[Pledge]) -> None:
        done = skipped = 0
        for found in queryset.order_by("pk"):
            try:
                services.cancel_pledge(pledge=found, by=request.user)
                done += 1
            except PledgeNotOpen:
                skipped += 1
        text = ngettext("%(count)d pledge cancelled.", "%(count)d pledges cancelled.", done)
        self._report(request, done, skipped, text)

    def _report(self, request: HttpRequest, done: int, skipped: int, text: str) -> None:
        self.message_user(request, text % {"count": done}, messages.SUCCESS)
        if skipped:
            skipped_text = ngettext(
                "%(count)d was not open (already delivered or cancelled) and is unchanged.",
                "%(count)d were not open (already delivered or cancelled) and are unchanged.",
                skipped,
            )
            self.message_user(request, skipped_text % {"count": skipped}, messages.WARNING)

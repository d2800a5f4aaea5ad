"""Bills in the admin (organizers): what the group decides about each bill — its position,
why it matters, whether it is published, the actions on it — beside what the import brings
(history, stage), which is shown read-only. Hearings are typed in; stage changes, followers
and witness slips are records to read, not to edit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callidarity.accounts.admin import RoleAdminMixin

from .models import Bill, BillAction, BillFollower, Hearing, Sponsorship, StageChange, WitnessSlip

# A link typed without a scheme ("ilga.gov/…") is taken as https (Django 6's default).
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows kept by the site itself: organizers read them, nobody types them in."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _DeletesItsRecords(admin.ModelAdmin):  # type: ignore[type-arg]
    """A bill or hearing takes the records the site kept about it along when deleted.

    Nobody may delete a stage change, a follow or a witness slip on its own, and the admin
    would refuse to delete anything they hang on (every bill that ever moved); deleting the
    bill or hearing itself is the organizer's call, and what goes with it is listed first.
    """

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        own = {str(model._meta.verbose_name) for model in (StageChange, BillFollower, WitnessSlip)}
        return deleted, counts, {p for p in perms_needed if str(p) not in own}, protected


class BillActionInline(admin.TabularInline):  # type: ignore[type-arg]
    """The history, as the General Assembly recorded it (changed only by an import)."""

    model = BillAction
    extra = 0
    can_delete = False
    fields = readonly_fields = ("order", "date", "chamber", "description", "classification")
    ordering = ["order"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SponsorshipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Sponsorship
    extra = 0
    fields = ["name", "primary", "classification", "chamber", "target", "order"]
    autocomplete_fields = ["target"]


@admin.register(Bill)
class BillAdmin(RoleAdminMixin, _DeletesItsRecords):
    capability = "legislation"
    list_display = [
        "identifier",
        "session",
        "title",
        "stage",
        "position",
        "status",
        "last_action_on",
    ]
    list_filter = ["stage", "position", "status", "session"]
    search_fields = ["identifier", "title", "synopsis"]
    date_hierarchy = "last_action_on"
    filter_horizontal = ["actions"]
    formfield_overrides = HTTPS_URLS
    # The stage comes from the history (stages.stage_of), never from a form.
    readonly_fields = ["stage", "stage_on", "last_action_on", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["identifier", "session", "slug", "title", "chamber", "status"]}),
        (_("Where it stands"), {"fields": ["stage", "stage_on", "last_action_on"]}),
        (
            _("What we say"),
            {"fields": ["position", "why_it_matters", "actions"]},
        ),
        (
            _("From the General Assembly"),
            {"fields": ["synopsis", "source_url", "openstates_id", "created_at", "updated_at"]},
        ),
    ]
    inlines = [SponsorshipInline, BillActionInline]


@admin.register(Hearing)
class HearingAdmin(RoleAdminMixin, _DeletesItsRecords):
    capability = "legislation"
    list_display = ["bill", "committee", "chamber", "starts_at", "position", "status"]
    list_filter = ["status", "chamber", "position"]
    search_fields = ["committee", "bill__identifier", "bill__title"]
    list_select_related = ["bill"]
    autocomplete_fields = ["bill"]
    date_hierarchy = "starts_at"
    formfield_overrides = HTTPS_URLS
    fields = [
        "bill",
        "committee",
        "chamber",
        "starts_at",
        "position",
        "slip_url",
        "guide",
        "status",
    ]


@admin.register(StageChange)
class StageChangeAdmin(RoleAdminMixin, _ReadOnly):
    capability = "legislation"
    list_display = ["bill", "from_stage", "to_stage", "moved_on", "detected_at"]
    list_filter = ["to_stage"]
    search_fields = ["bill__identifier", "bill__title"]
    list_select_related = ["bill"]
    fields = readonly_fields = ("bill", "from_stage", "to_stage", "moved_on", "detected_at")


@admin.register(BillFollower)
class BillFollowerAdmin(RoleAdminMixin, _ReadOnly):
    capability = "legislation"
    list_display = ["bill", "supporter", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["bill", "language"]
    search_fields = ["supporter__email", "bill__identifier"]
    list_select_related = ["bill", "supporter"]
    fields = readonly_fields = (
        "bill", "supporter", "language", "confirmed_at", "confirmation_sent_at",
        "unsubscribed_at", "created_at",
    )  # fmt: skip


@admin.register(WitnessSlip)
class WitnessSlipAdmin(RoleAdminMixin, _ReadOnly):
    capability = "legislation"
    list_display = ["hearing", "supporter", "created_at"]
    list_filter = ["hearing__bill"]
    search_fields = ["supporter__email", "hearing__bill__identifier", "hearing__committee"]
    list_select_related = ["hearing__bill", "supporter"]
    fields = readonly_fields = ("hearing", "supporter", "created_at")

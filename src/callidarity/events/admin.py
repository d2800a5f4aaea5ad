"""Events in the admin (organizers): each event with its count of RSVPs going and its list."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import RSVP, Event


class RSVPInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RSVP
    extra = 0
    can_delete = False
    fields = ["name", "supporter", "phone", "status", "language", "created_at", "reminder_sent_at"]
    readonly_fields = ["name", "supporter", "phone", "status", "language", "created_at",
                       "reminder_sent_at"]  # fmt: skip

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an RSVP is hers: she makes it on the event's page


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "status", "starts_at", "timezone", "going", "capacity"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["actions"]
    fields = [
        "title", "slug", "kind", "status", "description", "starts_at", "ends_at", "timezone",
        "place", "address", "online_url", "capacity", "actions",
    ]  # fmt: skip
    inlines = [RSVPInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return selectors.with_going(super().get_queryset(request))

    @admin.display(description=_("going"), ordering="going")
    def going(self, obj: Event) -> int:
        return int(getattr(obj, "going", 0))


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["event", "name", "supporter", "status", "created_at", "reminder_sent_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "supporter__email"]
    list_select_related = ["event", "supporter"]
    readonly_fields = ["event", "supporter", "created_at", "reminder_sent_at", "cancelled_at"]
    fields = ["event", "supporter", "name", "phone", "status", "language", "created_at",
              "cancelled_at", "reminder_sent_at"]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

"""Events in the admin (organizers): each event with its count of RSVPs going and its list."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .models import DEFAULT_TIMEZONE, RSVP, Event


def _zone(name: object) -> zoneinfo.ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


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
    list_display = ["title", "kind", "status", "local_start", "timezone", "going", "capacity"]
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

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Read and show the start and end in the event's own time zone, not the server's:
        18:00 typed for an event in New York is 18:00 in New York."""
        zone = _zone(request.POST.get("timezone"))
        if zone is None and object_id is not None:
            event = self.get_object(request, object_id)
            zone = _zone(event.timezone) if event is not None else None
        with timezone.override(zone or zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse):
                response.render()  # the form's times are formatted while rendering
        return response

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> type[ModelForm[Event]]:  # fmt: skip
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in ("starts_at", "ends_at"):
            if name in form.base_fields:
                form.base_fields[name].help_text = _("In the event's time zone (below).")
        return form

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            services.record_changes(obj, form.changed_data)

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, obj: Event) -> str:
        return date_format(obj.local_starts_at, "DATETIME_FORMAT")

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

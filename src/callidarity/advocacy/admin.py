"""Targets in the admin: imported ones read-only in what OpenStates owns, manual ones editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Action, ActionTaken, Target, TargetOffice


class TargetOfficeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TargetOffice
    extra = 1
    fields = ["kind", "phone", "address", "position"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "display_title", "chamber", "district", "party", "is_current", "source"]
    list_filter = ["is_current", "chamber", "role", "source", "party"]
    search_fields = ["name", "title", "district"]
    fields = [
        "name", "role", "title", "jurisdiction", "chamber", "district", "party", "email",
        "is_current", "term_ends_on", "source", "external_id", "retired_at",
    ]  # fmt: skip
    inlines = [TargetOfficeInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The next import would overwrite what OpenStates owns: organizers change it there.
        base = ["source", "external_id", "retired_at"]
        if obj is not None and obj.source == Target.Source.OPENSTATES:
            return [*base, "name", "role", "chamber", "district", "party", "term_ends_on"]
        return base


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "status", "calls_made", "goal"]
    list_filter = ["status", "kind"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["targets"]
    readonly_fields = ["breakdown"]
    fields = [
        "title", "slug", "kind", "status", "ask", "description", "script", "targets",
        "calls_own_senator", "calls_own_representative", "starts_at", "ends_at", "goal",
        "breakdown",
    ]  # fmt: skip

    @admin.display(description=_("calls made"))
    def calls_made(self, obj: Action) -> int:
        return selectors.tally(obj).done

    @admin.display(description=_("by office"))
    def breakdown(self, obj: Action) -> str:
        if obj.pk is None:
            return "—"
        rows = selectors.tally(obj).by_target
        if not rows:
            return str(_("No calls yet."))
        return format_html_join(
            "\n",
            "<p><strong>{}</strong>: {}</p>",
            (
                (
                    str(row.target),
                    ", ".join(
                        f"{ActionTaken.Outcome(k).label} {v}" for k, v in sorted(row.counts.items())
                    ),
                )
                for row in rows
            ),
        )


@admin.register(ActionTaken)
class ActionTakenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "action", "target", "outcome", "supporter"]
    list_filter = ["action", "outcome"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Targets in the admin: imported ones read-only in what OpenStates owns, manual ones editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Target, TargetOffice


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

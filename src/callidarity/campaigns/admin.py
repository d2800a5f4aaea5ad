"""Campaigns in the admin; a new campaign opens its fund through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from callidarity.core.money import Money, format_money

from .models import Campaign
from .services import create_campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "slug", "status", "goal_display"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The slug names the fund account; it is fixed once the campaign exists.
        return ["slug", "currency"] if obj is not None else []

    @admin.display(description="goal", ordering="goal_cents")
    def goal_display(self, obj: Campaign) -> str:
        return format_money(obj.goal_cents, obj.currency, whole=True)

    def save_model(self, request: HttpRequest, obj: Campaign, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = create_campaign(
            slug=obj.slug,
            title=obj.title,
            goal=Money(obj.goal_cents, obj.currency),
            story=obj.story,
            summary=obj.summary,
            status=obj.status,
            image_alt=obj.image_alt,
            image_credit=obj.image_credit,
        )
        if obj.image:
            created.image = obj.image
            created.save(update_fields=["image"])
        obj.pk = created.pk
        obj.fund_account = created.fund_account

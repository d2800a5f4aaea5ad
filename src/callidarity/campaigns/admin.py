"""Campaigns in the admin: the goal in dollars, and a new campaign opens its fund."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callidarity.core.money import CURRENCIES, Money, MoneyError, format_money

from .models import Campaign
from .services import create_campaign


class CampaignAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    goal = forms.CharField(label=_("Goal"), help_text=_("In dollars, for example 20000"))
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[(c, c) for c in sorted(CURRENCIES)], initial="USD"
    )

    class Meta:
        model = Campaign
        fields = [
            "title", "slug", "status", "summary", "story", "goal", "currency",
            "image", "image_alt", "image_credit",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = settings.DEFAULT_CURRENCY
        if self.instance.pk:
            self.initial["goal"] = Money(
                self.instance.goal_cents, self.instance.currency
            ).decimal_text
            self.fields["currency"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        currency = data.get("currency") or self.instance.currency or settings.DEFAULT_CURRENCY
        if "goal" in data:
            try:
                goal = Money.parse(data["goal"], currency)
            except MoneyError as exc:
                self.add_error("goal", str(exc))
            else:
                if goal.cents <= 0:
                    self.add_error("goal", _("The goal must be more than zero."))
                self.instance.goal_cents = goal.cents
                self.instance.currency = currency
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = CampaignAdminForm
    list_display = ["title", "slug", "status", "goal_display"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The slug names the fund account; it is fixed once the campaign exists.
        return ["slug"] if obj is not None else []

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return {} if obj is not None else {"slug": ["title"]}

    @admin.display(description=_("goal"), ordering="goal_cents")
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
            created.save(update_fields=["image", "updated_at"])
        obj.pk = created.pk
        obj.fund_account = created.fund_account

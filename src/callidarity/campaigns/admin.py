"""Campaigns in the admin (the goal in dollars, a new campaign opens its fund), the
moderation of their walls (held and reported messages first; approve or hide), their
updates (publish, and see how the sending went) and their followers."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from callidarity.core.money import CURRENCIES, Money, MoneyError, format_money
from callidarity.notifications.selectors import delivery_summary, list_failures

from . import services
from .models import Campaign, Subscription, Update, WallPost
from .services import approve_posts, create_campaign, hide_posts


class CampaignAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    goal = forms.CharField(label=_("Goal"), help_text=_("In dollars, for example 20000"))
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[(c, c) for c in sorted(CURRENCIES)], initial="USD"
    )

    class Meta:
        model = Campaign
        fields = [
            "title", "slug", "status", "summary", "story", "goal", "currency",
            "image", "image_alt", "image_credit", "moderation",
            "impact_goal_members", "impact_goal_label", "actions",
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
    list_display = ["title", "slug", "status", "goal_display", "moderation"]
    list_filter = ["status", "moderation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["actions"]

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
            moderation=obj.moderation,
        )
        if obj.image:
            created.image = obj.image
            created.save(update_fields=["image", "updated_at"])
        obj.pk = created.pk
        obj.fund_account = created.fund_account


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Reported")), ("no", _("Not reported"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(report_count=0)
        return queryset


# Held messages first (they wait for a decision), then reported ones still shown, then the rest.
NEEDS_REVIEW_FIRST = Case(
    When(status=WallPost.Status.HELD, then=Value(0)),
    When(Q(report_count__gt=0) & Q(status=WallPost.Status.VISIBLE), then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@admin.register(WallPost)
class WallPostAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Moderators read, approve and hide; nobody edits a person's words or adds for them."""

    list_display = [
        "excerpt", "name_shown", "status", "report_count", "gift", "created_at", "campaign_slug",
    ]  # fmt: skip
    list_filter = ["status", ReportedFilter, "campaign"]
    search_fields = ["body", "display_name"]
    list_select_related = ["campaign", "donation"]
    actions = ["approve", "hide"]
    fields = readonly_fields = (
        "campaign", "display_name", "body", "status", "report_count", "gift",
        "created_at", "reviewed_at", "reviewed_by",
    )  # fmt: skip

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # A method: django-stubs types the `ordering` attribute as field names only.
        return [NEEDS_REVIEW_FIRST.asc(), "-created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("message"))
    def excerpt(self, obj: WallPost) -> str:
        return Truncator(obj.body).chars(80)

    @admin.display(description=_("name shown"), ordering="display_name")
    def name_shown(self, obj: WallPost) -> str:
        return obj.display_name or str(_("Anonymous"))

    @admin.display(description=_("campaign"), ordering="campaign__slug")
    def campaign_slug(self, obj: WallPost) -> str:
        # The slug, not the title: titles are long and squeeze the message column.
        return obj.campaign.slug

    @admin.display(description=_("gift"))
    def gift(self, obj: WallPost) -> str:
        # A gift's message is public only once the gift is paid; show where it stands.
        if obj.donation is None:
            return "—"
        return str(obj.donation.get_status_display())

    @admin.action(description=_("Approve: show on the wall"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[WallPost]) -> None:
        count = approve_posts(queryset, by=cast("AbstractBaseUser", request.user))
        text = ngettext(
            "%(count)d message approved and shown.", "%(count)d messages approved and shown.", count
        )
        self.message_user(request, text % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Hide from the wall"), permissions=["change"])
    def hide(self, request: HttpRequest, queryset: QuerySet[WallPost]) -> None:
        count = hide_posts(queryset, by=cast("AbstractBaseUser", request.user))
        text = ngettext("%(count)d message hidden.", "%(count)d messages hidden.", count)
        self.message_user(request, text % {"count": count}, messages.SUCCESS)


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Organizers write drafts here, publish them (which emails the followers) and see how
    the sending went, failures included."""

    list_display = ["__str__", "campaign", "status", "published_at", "emails"]
    list_filter = ["status", "campaign"]
    search_fields = ["title"]
    fields = ["campaign", "title", "body", "image", "image_alt", "sending", "failures"]
    readonly_fields = ["sending", "failures"]
    actions = ["publish", "retry_failed"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Once sent, what people received is what the page shows.
        if obj is not None and obj.is_published:
            return ["campaign", "title", "body", "image", "image_alt", "sending", "failures"]
        return ["sending", "failures"]

    def save_model(self, request: HttpRequest, obj: Update, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.create_update(
            campaign=obj.campaign,
            title=obj.title,
            body=obj.body,
            image=obj.image or None,
            image_alt=obj.image_alt,
        )
        obj.pk = created.pk

    @admin.display(description=_("emails"))
    def emails(self, obj: Update) -> str:
        if not obj.is_published:
            return "—"
        return delivery_summary(key=obj.delivery_key)

    @admin.display(description=_("sending"))
    def sending(self, obj: Update) -> str:
        return self.emails(obj) if obj.pk else "—"

    @admin.display(description=_("failed addresses"))
    def failures(self, obj: Update) -> str:
        if not obj.pk:
            return "—"
        rows = list_failures(key=obj.delivery_key).values_list("email", "error")[:200]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", ((e, r) for e, r in rows))
        )

    @admin.action(description=_("Publish and email to followers"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Update]) -> None:
        published = 0
        for update in queryset.filter(status=Update.Status.DRAFT).order_by("created_at"):
            services.publish_update(update=update)
            published += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d update published; its emails are on their way.",
                "%(count)d updates published; their emails are on their way.",
                published,
            )
            % {"count": published},
            messages.SUCCESS,
        )

    @admin.action(description=_("Send again the emails that failed"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Update]) -> None:
        retried = sum(
            services.retry_failed_update_emails(update=u)
            for u in queryset.filter(status=Update.Status.PUBLISHED)
        )
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", retried)
            % {"count": retried},
        )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Who follows which campaign; changed only by the followers themselves."""

    list_display = ["supporter", "campaign", "confirmed_at", "unsubscribed_at", "language"]
    list_filter = ["campaign", "language"]
    search_fields = ["supporter__email"]
    list_select_related = ["supporter", "campaign"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Advocacy in the admin: targets (imported ones read-only in what OpenStates owns), actions
with their counts, what supporters did, and follow-up emails to those who asked for them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from callidarity.notifications.selectors import delivery_summary, list_failures

from . import selectors, services
from .models import (
    Action,
    ActionTaken,
    Follower,
    Letter,
    Outreach,
    Signature,
    Target,
    TargetOffice,
)


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
        "title", "slug", "kind", "status", "ask", "description", "subject", "script", "targets",
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


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Who asked to hear about the next action; changed only by the followers themselves."""

    list_display = ["supporter", "action", "language", "created_at", "unsubscribed_at"]
    list_filter = ["language", "action"]
    search_fields = ["supporter__email"]
    list_select_related = ["supporter", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Outreach)
class OutreachAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Organizers write a follow-up email to those who took an action (or every follower),
    send it, and see how the sending went."""

    list_display = ["subject", "action", "status", "sent_at", "emails"]
    list_filter = ["status", "action"]
    fields = ["action", "subject", "body", "recipients", "emails", "failures"]
    actions = ["send", "retry_failed"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Once sent, what people received is what the page shows.
        if obj is not None and obj.status == Outreach.Status.SENT:
            return ["action", "subject", "body", "recipients", "emails", "failures"]
        return ["recipients", "emails", "failures"]

    @admin.display(description=_("goes to"))
    def recipients(self, obj: Outreach) -> str:
        if obj.pk is None:
            return str(_("Save the draft to see how many followers it goes to."))
        count = selectors.count_outreach_recipients(obj)
        return ngettext("%(count)d follower", "%(count)d followers", count) % {"count": count}

    @admin.display(description=_("emails"))
    def emails(self, obj: Outreach) -> str:
        if obj.pk is None or obj.status == Outreach.Status.DRAFT:
            return "—"
        return delivery_summary(key=obj.delivery_key)

    @admin.display(description=_("failed addresses"))
    def failures(self, obj: Outreach) -> str:
        if obj.pk is None:
            return "—"
        rows = list_failures(key=obj.delivery_key).values_list("email", "error")[:200]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", ((e, r) for e, r in rows))
        )

    @admin.action(description=_("Send to the followers"))
    def send(self, request: HttpRequest, queryset: QuerySet[Outreach]) -> None:
        added = sum(
            services.send_outreach(outreach=o)
            for o in queryset.filter(status=Outreach.Status.DRAFT).order_by("created_at")
        )
        self.message_user(
            request,
            ngettext("%(count)d email is on its way.", "%(count)d emails are on their way.", added)
            % {"count": added},
            messages.SUCCESS,
        )

    @admin.action(description=_("Send again the emails that failed"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Outreach]) -> None:
        retried = sum(
            services.retry_failed_outreach(outreach=o)
            for o in queryset.filter(status=Outreach.Status.SENT)
        )
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", retried)
            % {"count": retried},
        )


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Supporters' letters, read-only, with how each one's emails to the offices went.

    The text itself stays out of the admin: it may carry her address.
    """

    list_display = ["created_at", "action", "supporter", "deliveries"]
    list_filter = ["action"]
    list_select_related = ["action", "supporter"]
    search_fields = ["supporter__email"]
    fields = (
        "action", "supporter", "name", "city", "subject", "language", "sent_to", "created_at",
        "deliveries",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["retry_failed_deliveries"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("sent to"))
    def sent_to(self, obj: Letter) -> str:
        return ", ".join(str(t) for t in obj.targets.all()) or "—"

    @admin.display(description=_("emails to offices"))
    def deliveries(self, obj: Letter) -> str:
        return delivery_summary(key=obj.delivery_key)

    @admin.action(description=_("Send again the emails that failed"))
    def retry_failed_deliveries(self, request: HttpRequest, queryset: QuerySet[Letter]) -> None:
        retried = sum(services.retry_failed_letter(letter) for letter in queryset)
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", retried)
            % {"count": retried},
        )


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Petition signatures, to look at only: moderators count or reject held ones on their
    review page (with the audit log), and the signer's email is not shown here."""

    list_display = ["created_at", "action", "name", "city", "status", "is_public"]
    list_filter = ["action", "status", "is_public"]
    list_select_related = ["action"]
    search_fields = ["name", "city"]
    fields = readonly_fields = (
        "action", "name", "city", "comment", "is_public", "status", "created_at",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

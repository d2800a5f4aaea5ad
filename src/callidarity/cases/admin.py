"""Cases in the admin, for caseworkers and organizers with a second factor (capability
"cases"): every look at a case, its hearings, its page or its consents is audited, and
every change goes through the services (a stage moves only along the allowed arrows).

- a case's page: who, the kind, the owner and next step, the status note, the deadlines
  with days left, a "move to" choice of the stages allowed next, its hearings, its history;
- a public page: its content, a photo (re-encoded), the linked actions and "published",
  which needs a consent on record;
- consents: recorded with who gave it, when and how; withdrawn from the consent's page,
  which unpublishes the public page at once. Nothing here is ever deleted but hearings.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from callidarity.accounts.admin import RoleAdminMixin
from callidarity.accounts.roles import Role
from callidarity.aid import services as aid_services

from . import selectors, services
from .exceptions import CaseError
from .models import BEFORE_DOCKET, Case, CasePage, Consent, Hearing, StageChange

CAPABILITY = "cases"


class _AuditedAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Record each look at a record's page and list; no record is ever deleted here."""

    capability = CAPABILITY
    shown_fields: tuple[str, ...] = ()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except CaseError as error:  # a refusal the form could not foresee (a race)
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
        if object_id and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                services.record_views(objects=[obj], by=request.user, fields=self.shown_fields)
                self.record_related_views(request, obj)
        return response

    def record_related_views(self, request: HttpRequest, obj: Any) -> None:
        """Record the views of records shown on this page besides the object (none here)."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if changelist is not None:
            rows = list(changelist.result_list)
            services.record_views(objects=rows, by=request.user, fields=self.listed_fields())
            self.record_listed_views(request, rows)
        return response

    def listed_fields(self) -> list[str]:
        own = {f.name for f in self.model._meta.get_fields()}
        return [f for f in self.list_display if isinstance(f, str) and f in own]

    def record_listed_views(self, request: HttpRequest, rows: list[Any]) -> None:
        """Record the views of other records the list shows (none by default)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _staff_who_may_own() -> QuerySet[User]:
    roles = [Role.ORGANIZER.value, Role.CASEWORKER.value]
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=roles))
        .distinct()
        .order_by("username")
    )


class CaseAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    move_to = forms.ChoiceField(
        label=_("Move to stage"),
        required=False,
        help_text=_("Only the stages this case can move to next are offered."),
    )
    moved_on = forms.DateField(
        label=_("Moved on"),
        required=False,
        help_text=_("The day it happened (today if empty)."),
    )

    class Meta:
        model = Case
        fields = [
            "member", "person_name", "kind", "owner", "next_step", "next_step_due_on",
            "status_note", "opened_on",
        ]  # fmt: skip
        widgets = {
            "person_name": forms.TextInput,
            "next_step": forms.TextInput(attrs={"maxlength": 200, "size": 60}),
            "status_note": forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"].queryset = _staff_who_may_own()  # type: ignore[attr-defined]
            self.fields["owner"].required = True
        if self.instance.pk:
            allowed = services.allowed_moves(self.instance)
            self.fields["move_to"].choices = [  # type: ignore[attr-defined]
                ("", _("— stay at “%(stage)s” —") % {"stage": self.instance.get_stage_display()}),
                *[(stage, Case.Stage(stage).label) for stage in allowed],
            ]
        else:
            del self.fields["move_to"]
            del self.fields["moved_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        member, name = data.get("member"), (data.get("person_name") or "").strip()
        if member is None and not name:
            self.add_error(
                "person_name",
                _("Choose a member, or give the name of the person the case is for."),
            )
        elif member is not None and name:
            self.add_error("person_name", _("Choose a member or give a name, not both."))
        to_stage = data.get("move_to")
        if to_stage:
            try:
                services.check_move(self.instance, to_stage)
            except CaseError as error:
                self.add_error("move_to", str(error))
            moved_on = data.get("moved_on") or timezone.localdate()
            last = services.last_move_on(self.instance)
            if moved_on > timezone.localdate():
                self.add_error("moved_on", _("The date is in the future."))
            elif last is not None and moved_on < last:
                self.add_error(
                    "moved_on",
                    _("The case last moved on %(date)s; this move cannot be earlier.")
                    % {"date": last.isoformat()},
                )
        return data


class HearingInlineFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Hearings are saved through the services (audited), by CaseAdmin.save_formset."""


class HearingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Hearing
    formset = HearingInlineFormSet
    extra = 1
    fields = ["kind", "held_on", "place", "notes"]
    verbose_name_plural = _("hearings (the Board's session a petition is aimed at, court dates)")

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "notes":
            kwargs["widget"] = forms.TextInput(attrs={"maxlength": 280, "size": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class StageChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StageChange
    extra = 0
    can_delete = False
    fields = ["from_stage", "to_stage", "moved_on", "by", "recorded_at"]
    readonly_fields = ["from_stage", "to_stage", "moved_on", "by", "recorded_at"]
    verbose_name_plural = _("history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _days_text(days: int) -> str:
    if days == 0:
        return str(_("today"))
    if days < 0:
        return ngettext("passed %(n)s day ago", "passed %(n)s days ago", -days) % {"n": -days}
    return ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}


@admin.register(Case)
class CaseAdmin(_AuditedAdmin):
    form = CaseAdminForm
    shown_fields = (
        "member", "person_name", "kind", "stage", "owner", "next_step", "next_step_due_on",
        "status_note", "opened_on", "filed_on", "incomplete_on", "decided_on",
    )  # fmt: skip
    list_display = ["__str__", "who", "kind", "stage", "owner", "next_step", "next_deadline"]
    list_filter = ["kind", "stage", ("owner", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["member", "owner"]
    raw_id_fields = ["member"]
    readonly_fields = [
        "member_name", "stage", "deadlines", "filed_on", "incomplete_on", "decided_on",
        "public_page",
    ]  # fmt: skip
    inlines = [HearingInline, StageChangeInline]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        person = ["member", "member_name", "person_name"] if obj else ["member", "person_name"]
        fieldsets: list[Any] = [
            (_("Who"), {"fields": person}),
            (None, {"fields": ["kind", "owner", "next_step", "next_step_due_on", "status_note"]}),
        ]
        if obj is not None:
            fieldsets.append(
                (_("Stage"), {"fields": ["stage", "move_to", "moved_on", "deadlines"]})
            )
            fieldsets.append(
                (
                    _("Key dates"),
                    {"fields": ["opened_on", "filed_on", "incomplete_on", "decided_on"]},
                )
            )
            fieldsets.append((_("Public page"), {"fields": ["public_page"]}))
        else:
            fieldsets.append((_("Key dates"), {"fields": ["opened_on"]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "kind"] if obj is not None else fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return super().get_queryset(request).prefetch_related("hearings")

    @admin.display(description=_("who"))
    def who(self, obj: Case) -> str:
        return str(obj.member.name if obj.member is not None else obj.person_name)

    @admin.display(description=_("member's name"))
    def member_name(self, obj: Case) -> str:
        return obj.member.name if obj.member is not None else "—"

    @admin.display(description=_("next date"))
    def next_deadline(self, obj: Case) -> str:
        upcoming = [d for d in selectors.list_deadlines(obj) if not d.is_past]
        if not upcoming:
            return "—"
        first = upcoming[0]
        return f"{first.label}: {first.due_on.isoformat()} ({_days_text(first.days_left)})"

    @admin.display(description=_("deadlines"))
    def deadlines(self, obj: Case) -> SafeString | str:
        rows = [
            (d.label, d.due_on.isoformat(), _days_text(d.days_left))
            for d in selectors.list_deadlines(obj)
        ]
        filing = selectors.filing_deadline(obj)
        if filing is not None and obj.is_open and obj.stage not in BEFORE_DOCKET:
            # Past the docket the deadline is met; shown so the session's date is explained.
            met = (str(selectors.DEADLINE_LABELS[selectors.DeadlineKind.FILING]),
                   filing.isoformat(), str(_("met: the petition is docketed")))  # fmt: skip
            rows.insert(0, met)
        if not rows:
            return str(_("None: enter the Board's hearing session the petition is aimed at."))
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li><strong>{}</strong>: {} ({})</li>", rows)
        )

    @admin.display(description=_("public page"))
    def public_page(self, obj: Case) -> SafeString | str:
        page = CasePage.objects.filter(case=obj).first()
        if page is None:
            url = reverse("admin:cases_casepage_add") + f"?case={obj.pk}"
            return format_html('<a href="{}">{}</a>', url, _("Make a public page"))
        state = _("published") if page.is_published else _("not published")
        url = reverse("admin:cases_casepage_change", args=[page.pk])
        return format_html('<a href="{}">{}</a> ({})', url, page.public_name, state)

    def save_model(self, request: HttpRequest, obj: Case, form: Any, change: bool) -> None:
        changed = [f for f in form.changed_data if f not in ("move_to", "moved_on")]
        services.save_case(case=obj, changed=changed, by=request.user)
        to_stage = form.cleaned_data.get("move_to")
        if to_stage:
            on = form.cleaned_data.get("moved_on")
            services.move_case(obj, to_stage, by=request.user, on=on)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Hearing:
            super().save_formset(request, form, formset, change)
            return
        # What Django's formset.save() would note, for the admin's own history.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            hearing = inline_form.instance
            if formset.can_delete and formset._should_delete_form(inline_form):
                if hearing.pk is not None:
                    formset.deleted_objects.append(hearing)
                    services.delete_hearing(hearing=hearing, by=request.user)
                continue
            if not inline_form.has_changed():
                continue
            creating = hearing.pk is None
            hearing.case = form.instance
            services.save_hearing(
                hearing=hearing, changed=inline_form.changed_data, by=request.user
            )
            if creating:
                formset.new_objects.append(hearing)
            else:
                formset.changed_objects.append((hearing, inline_form.changed_data))

    def record_related_views(self, request: HttpRequest, obj: Any) -> None:
        services.record_views(
            objects=list(obj.hearings.all()), by=request.user,
            fields=["kind", "held_on", "place", "notes"],
        )  # fmt: skip
        if obj.member is not None:
            aid_services.record_views(objects=[obj.member], by=request.user, fields=["name"])

    def listed_fields(self) -> list[str]:
        # "who" shows the person's name: hers as a member, or the case's own.
        return [*super().listed_fields(), "member", "person_name"]

    def record_listed_views(self, request: HttpRequest, rows: list[Any]) -> None:
        members = [row.member for row in rows if row.member is not None]
        aid_services.record_views(objects=members, by=request.user, fields=["name"])


class CasePageForm(forms.ModelForm):  # type: ignore[type-arg]
    published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_(
            "Shown on the site at /bring-home/. Needs her (or her family's) consent on record; "
            "withdrawing the consent unpublishes the page at once."
        ),
    )

    class Meta:
        model = CasePage
        fields = [
            "case", "slug", "public_name", "headline", "story", "photo", "photo_description",
            "show_facility", "actions",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["published"].initial = self.instance.is_published

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        case = data.get("case")
        if data.get("published") and case is not None and not selectors.has_consent(case.pk):
            self.add_error(
                "published",
                _("Record her (or her family's) consent before publishing the page."),
            )
        if data.get("photo") and not (data.get("photo_description") or "").strip():
            self.add_error(
                "photo_description", _("Describe the photo for people who cannot see it.")
            )
        return data


class ConsentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Consent
    fk_name = "case"
    extra = 0
    can_delete = False
    fields = ["given_by", "given_on", "method", "recorded_by", "withdrawn_on"]
    readonly_fields = ["given_by", "given_on", "method", "recorded_by", "withdrawn_on"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CasePage)
class CasePageAdmin(_AuditedAdmin):
    form = CasePageForm
    shown_fields = (
        "case", "slug", "public_name", "headline", "story", "photo", "photo_description",
        "show_facility", "actions", "is_published",
    )  # fmt: skip
    list_display = ["public_name", "case", "is_published", "published_at"]
    list_filter = ["is_published"]
    raw_id_fields = ["case"]
    prepopulated_fields = {"slug": ["public_name"]}
    filter_horizontal = ["actions"]
    readonly_fields = ["consents", "published_at"]
    fields = [
        "case", "public_name", "slug", "headline", "story", "photo", "photo_description",
        "show_facility", "actions", "published", "published_at", "consents",
    ]  # fmt: skip

    def view_on_site(self, obj: CasePage) -> str:
        # The page itself (a preview while unpublished), not the /admin/r/ shortcut.
        return obj.public_url()

    @admin.display(description=_("consents"))
    def consents(self, obj: CasePage) -> SafeString | str:
        add_url = reverse("admin:cases_consent_add") + f"?case={obj.case_id}" if obj.pk else ""
        found = list(obj.case.consents.all()) if obj.pk else []
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a>: {}, {}, {}{}</li>',
            (
                (
                    reverse("admin:cases_consent_change", args=[c.pk]),
                    c,
                    c.get_given_by_display(),
                    c.get_method_display(),
                    c.given_on.isoformat(),
                    f" — {_('withdrawn on')} {c.withdrawn_on.isoformat()}"
                    if c.withdrawn_on
                    else "",
                )
                for c in found
            ),
        )
        if not obj.pk:
            return str(_("Save the page first, then record the consent."))
        return format_html(
            '<ul>{}</ul><p><a href="{}">{}</a></p>', rows, add_url, _("Record a consent")
        )

    def save_model(self, request: HttpRequest, obj: CasePage, form: Any, change: bool) -> None:
        changed = [f for f in form.changed_data if f != "published"]
        services.save_page(page=obj, changed=changed, by=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        page = form.instance
        if form.cleaned_data.get("published"):
            services.publish_page(page=page, by=request.user)
        else:
            services.unpublish_page(page=page, by=request.user)

    def record_related_views(self, request: HttpRequest, obj: Any) -> None:
        services.record_views(
            objects=list(obj.case.consents.all()), by=request.user,
            fields=["given_by", "given_on", "method", "withdrawn_on"],
        )  # fmt: skip


class ConsentAddForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Consent
        fields = ["case", "given_by", "giver_name", "given_on", "method"]
        widgets = {"giver_name": forms.TextInput}

    def clean_given_on(self) -> Any:
        given_on = self.cleaned_data["given_on"]
        if given_on is not None and given_on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return given_on


class ConsentWithdrawForm(forms.ModelForm):  # type: ignore[type-arg]
    withdraw = forms.BooleanField(
        label=_("Withdraw this consent"),
        required=False,
        help_text=_("The public page is unpublished at once."),
    )

    class Meta:
        model = Consent
        fields = ["withdrawn_on"]


@admin.register(Consent)
class ConsentAdmin(_AuditedAdmin):
    shown_fields = ("case", "given_by", "giver_name", "given_on", "method", "withdrawn_on")
    list_display = ["__str__", "case", "given_by", "given_on", "method", "withdrawn_on"]
    list_filter = ["given_by", "method"]
    raw_id_fields = ["case"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:  # fmt: skip
        kwargs["form"] = ConsentWithdrawForm if obj is not None else ConsentAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["case", "given_by", "giver_name", "given_on", "method"]
        fields = ["case", "given_by", "giver_name", "given_on", "method", "recorded_by",
                  "recorded_at", "withdrawn_on"]  # fmt: skip
        if obj.withdrawn_on is None:
            fields.append("withdraw")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return ["case", "given_by", "giver_name", "given_on", "method", "recorded_by",
                "recorded_at", "withdrawn_on"]  # fmt: skip

    def save_model(self, request: HttpRequest, obj: Consent, form: Any, change: bool) -> None:
        if not change:
            data = form.cleaned_data
            saved = services.record_consent(
                case=data["case"], given_by=data["given_by"], given_on=data["given_on"],
                method=data["method"], giver_name=data.get("giver_name") or "", by=request.user,
            )  # fmt: skip
            obj.pk = saved.pk
            return
        if form.cleaned_data.get("withdraw"):
            services.withdraw_consent(consent=obj, by=request.user)

"""The admin follows the roles: every ModelAdmin's permissions come from `can()`.

`install_role_checks()` (run by AccountsConfig.ready) replaces Django's stock permission
methods on BaseModelAdmin, so every ModelAdmin on `admin.site` — ours, other apps',
Django's and django-otp's — answers from the capability table in rules.py instead of
per-model Django permissions. A ModelAdmin that declares no capability (neither a
`capability` attribute nor an entry in rules.ADMIN_CAPABILITIES) is organizer-only with
two-factor. Overrides in a ModelAdmin (`has_add_permission` returning False) still apply.

`RoleAdminMixin` makes the rule explicit on a ModelAdmin and, for a sensitive capability,
sends a password-only session to the two-factor page instead of a bare 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from . import rules, selectors
from .decorators import two_factor_redirect
from .models import AuditEvent

_INSTALLED = "_callidarity_role_checks"


def declared_admin_capability(model_admin: BaseModelAdmin[Any]) -> tuple[bool, str | None]:
    """Return whether a ModelAdmin (or inline) declares a capability, and which one."""
    own: str | None = getattr(model_admin, "capability", None)
    if own is not None:
        return True, own
    mapped = rules.admin_capability_for(model_admin.opts.label_lower)
    if mapped is not None:
        return True, mapped
    if isinstance(model_admin, InlineModelAdmin):
        # An inline is part of its parent's page: it follows the parent's rule.
        parent = rules.admin_capability_for(model_admin.parent_model._meta.label_lower)
        if parent is not None:
            return True, parent
    return False, None


def admin_capability(model_admin: BaseModelAdmin[Any]) -> str | None:
    """Return the capability a ModelAdmin checks (None: organizer-only, with two-factor)."""
    return declared_admin_capability(model_admin)[1]


def _allowed(model_admin: BaseModelAdmin[Any], request: HttpRequest) -> bool:
    return selectors.can(request.user, admin_capability(model_admin))


def _has_add_permission(self: BaseModelAdmin[Any], request: HttpRequest) -> bool:
    return _allowed(self, request)


def _has_object_permission(
    self: BaseModelAdmin[Any], request: HttpRequest, obj: models.Model | None = None
) -> bool:
    return _allowed(self, request)


def _has_module_permission(self: BaseModelAdmin[Any], request: HttpRequest) -> bool:
    return _allowed(self, request)


_ROLE_CHECKS: dict[str, Callable[..., bool]] = {
    "has_add_permission": _has_add_permission,
    "has_change_permission": _has_object_permission,
    "has_delete_permission": _has_object_permission,
    "has_view_permission": _has_object_permission,
    "has_module_permission": _has_module_permission,
}


def install_role_checks() -> None:
    """Make every ModelAdmin's stock permission methods ask `can()` (idempotent)."""
    if getattr(BaseModelAdmin, _INSTALLED, False):
        return
    for name, check in _ROLE_CHECKS.items():
        setattr(BaseModelAdmin, name, check)
    setattr(BaseModelAdmin, _INSTALLED, True)


class RoleAdminMixin(admin.ModelAdmin[Any]):
    """Declare a ModelAdmin's capability; a sensitive one sends password-only staff to 2FA.

    Put it first: `class MemberAdmin(RoleAdminMixin, admin.ModelAdmin)`. Without
    `capability`, the model's entry in rules.ADMIN_CAPABILITIES applies. Each check also
    asks the classes after the mixin, so a read-only base still refuses writes.
    """

    capability: ClassVar[str | None] = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _allowed(self, request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _allowed(self, request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _allowed(self, request) and super().has_delete_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _allowed(self, request) and super().has_view_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _allowed(self, request) and super().has_module_permission(request)

    def _needs_second_factor(self, request: HttpRequest) -> bool:
        capability = admin_capability(self)
        return selectors.role_allows(request.user, capability) and not selectors.can(
            request.user, capability
        )

    # The admin's pages for this model: a password-only session is sent to verify first.
    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self._needs_second_factor(request):
            return two_factor_redirect(request)
        return super().changelist_view(request, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if self._needs_second_factor(request):
            return two_factor_redirect(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self._needs_second_factor(request):
            return two_factor_redirect(request)
        return super().history_view(request, object_id, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self._needs_second_factor(request):
            return two_factor_redirect(request)
        return super().delete_view(request, object_id, extra_context)


@admin.register(AuditEvent)
class AuditEventAdmin(RoleAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit log, read-only, for organizers with a verified second factor."""

    capability = "accounts.audit"
    list_display = ["at", "actor", "action", "object_type", "object_id", "field_names"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor__username", "action"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    # No bulk delete: the log is append-only.
    actions = None
    fields = ("at", "actor", "action", "object_type", "object_id", "field_names", "ip_hash")
    readonly_fields = (
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "field_names",
        "ip_hash",
    )

    @admin.display(description=_("fields"))
    def field_names(self, event: AuditEvent) -> str:
        return ", ".join(event.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

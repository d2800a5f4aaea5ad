"""The admin follows the roles: every ModelAdmin declares a capability and answers from can()."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.test import Client

from callidarity.accounts import rules
from callidarity.accounts.admin import (
    AuditEventAdmin,
    RoleAdminMixin,
    admin_capability,
    declared_admin_capability,
    install_role_checks,
)
from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.accounts.services import record_audit_event

from .staff import log_in, make_staff, request_for


def _registered() -> list[BaseModelAdmin[Any]]:
    """Return every ModelAdmin on admin.site and an instance of each of their inlines."""
    found: list[BaseModelAdmin[Any]] = []
    for model, model_admin in admin.site._registry.items():
        found.append(model_admin)
        found += [inline(model, admin.site) for inline in model_admin.inlines]
    return found


def test_every_model_admin_declares_a_capability() -> None:
    """A new ModelAdmin needs `capability` (RoleAdminMixin) or an entry in ADMIN_CAPABILITIES."""
    undeclared = sorted(
        f"{type(a).__module__}.{type(a).__name__} ({a.opts.label_lower})"
        for a in _registered()
        if not declared_admin_capability(a)[0]
    )
    assert undeclared == []


def test_a_capability_set_on_a_model_admin_agrees_with_the_table() -> None:
    """Two places may name a model's capability; they must not disagree."""
    disagree = [
        a.opts.label_lower
        for a in _registered()
        if getattr(a, "capability", None) is not None
        and rules.admin_capability_for(a.opts.label_lower) not in (None, a.capability)
    ]
    assert disagree == []


def test_every_declared_capability_is_in_the_table() -> None:
    unknown = {admin_capability(a) for a in _registered()} - rules.CAPABILITIES.keys()
    assert unknown == set()


def test_the_role_checks_are_installed_once() -> None:
    check = BaseModelAdmin.has_view_permission
    install_role_checks()
    assert BaseModelAdmin.has_view_permission is check
    assert check.__module__ == "callidarity.accounts.admin"


# A throw-away site, so these admins do not join admin.site.
site = admin.AdminSite(name="accounts-test")


class ReadOnlyBase(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class GroupsForModerators(RoleAdminMixin, ReadOnlyBase):
    capability = "campaigns.wall"


@pytest.mark.django_db
def test_the_mixin_asks_can_and_keeps_a_read_only_base() -> None:
    mixed = GroupsForModerators(Group, site)
    moderator = request_for(make_staff("mona", roles=[Role.MODERATOR]))
    treasurer = request_for(make_staff("tomasa", roles=[Role.TREASURER]), verified=True)
    assert mixed.has_view_permission(moderator)
    assert mixed.has_change_permission(moderator)
    assert mixed.has_delete_permission(moderator)
    assert mixed.has_module_permission(moderator)
    assert not mixed.has_add_permission(moderator)  # the base refuses; the mixin keeps that
    assert not mixed.has_view_permission(treasurer)
    assert not mixed.has_module_permission(treasurer)


@pytest.mark.django_db
def test_a_plain_model_admin_follows_the_table_without_the_mixin() -> None:
    groups = admin.ModelAdmin(Group, site)  # auth.group -> accounts.users (sensitive)
    olga = make_staff("olga", roles=[Role.ORGANIZER])
    assert not groups.has_view_permission(request_for(olga))
    assert groups.has_view_permission(request_for(olga, verified=True))
    assert groups.has_add_permission(request_for(olga, verified=True))
    assert not groups.has_view_permission(
        request_for(make_staff("carla", roles=[Role.CASEWORKER]), verified=True)
    )


@pytest.mark.django_db
def test_an_undeclared_model_admin_is_for_verified_organizers() -> None:
    content_types = admin.ModelAdmin(ContentType, site)
    assert declared_admin_capability(content_types) == (False, None)
    olga = make_staff("olga", roles=[Role.ORGANIZER])
    tomasa = make_staff("tomasa", roles=[Role.TREASURER])
    assert content_types.has_view_permission(request_for(olga, verified=True))
    assert not content_types.has_view_permission(request_for(olga))
    assert not content_types.has_view_permission(request_for(tomasa, verified=True))


@pytest.mark.django_db
def test_django_model_permissions_no_longer_open_the_admin() -> None:
    volunteer = make_staff("volunteer")
    volunteer.user_permissions.add(Permission.objects.get(codename="view_group"))
    groups = admin.ModelAdmin(Group, site)
    assert not groups.has_view_permission(request_for(volunteer, verified=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (Role.TREASURER, "/admin/donations/donation/", 200),
        (Role.TREASURER, "/admin/ledger/account/", 200),
        (Role.TREASURER, "/admin/supporters/supporter/", 403),
        (Role.TREASURER, "/admin/campaigns/wallpost/", 403),
        (Role.MODERATOR, "/admin/campaigns/wallpost/", 200),
        (Role.MODERATOR, "/admin/donations/donation/", 403),
        (Role.CASEWORKER, "/admin/donations/donation/", 403),
        (Role.CASEWORKER, "/admin/auth/user/", 403),
        (Role.ORGANIZER, "/admin/supporters/supporter/", 200),
        (Role.ORGANIZER, "/admin/auth/user/", 403),  # sensitive: needs the second factor
        (Role.ORGANIZER, "/admin/otp_totp/totpdevice/", 403),
        (Role.ORGANIZER, "/admin/otp_static/staticdevice/", 403),
    ],
)
def test_password_only_staff_in_the_admin(
    client: Client, role: Role, url: str, status: int
) -> None:
    log_in(client, make_staff("someone", roles=[role]))
    assert client.get(url).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"]
)
def test_a_verified_organizer_manages_users_and_devices(client: Client, url: str) -> None:
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]), verified=True)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_admin_index_lists_only_what_the_role_may_see(client: Client) -> None:
    log_in(client, make_staff("tomasa", roles=[Role.TREASURER]))
    html = client.get("/admin/").content.decode()
    assert "/admin/donations/donation/" in html
    assert "/admin/ledger/account/" in html
    assert "/admin/supporters/supporter/" not in html
    assert "/admin/auth/user/" not in html
    assert "/admin/accounts/auditevent/" not in html


@pytest.fixture
def event(db: None) -> AuditEvent:
    carla = make_staff("carla", roles=[Role.CASEWORKER], two_factor=False)
    return record_audit_event(
        actor=carla, action="accounts.user.viewed", obj=carla, fields=["email", "last_login"]
    )


AUDIT = "/admin/accounts/auditevent/"


def test_the_audit_admin_declares_its_capability() -> None:
    assert AuditEventAdmin.capability == "accounts.audit"
    assert AuditEventAdmin.actions is None


def test_a_verified_organizer_reads_the_audit_log(client: Client, event: AuditEvent) -> None:
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]), verified=True)
    listing = client.get(AUDIT)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "accounts.user.viewed" in html
    assert "email, last_login" in html
    assert f"{AUDIT}add/" not in html
    detail = client.get(f"{AUDIT}{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="action"' not in detail.content.decode()  # read-only: no inputs
    assert client.get(f"{AUDIT}add/").status_code == 403
    assert client.get(f"{AUDIT}{event.pk}/delete/").status_code == 403
    assert client.post(f"{AUDIT}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_password_only_organizer_is_sent_to_verify_for_the_audit_log(
    client: Client, event: AuditEvent
) -> None:
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]))
    response = client.get(AUDIT)
    assert response.status_code == 302
    assert response["Location"] == "/admin/2fa/verify/?next=%2Fadmin%2Faccounts%2Fauditevent%2F"
    assert client.get(f"{AUDIT}{event.pk}/change/")["Location"].startswith("/admin/2fa/verify/")


def test_no_one_else_reads_the_audit_log(client: Client, event: AuditEvent) -> None:
    for role in (Role.CASEWORKER, Role.TREASURER, Role.MODERATOR):
        log_in(client, make_staff(f"u-{role}", roles=[role]), verified=True)
        assert client.get(AUDIT).status_code == 403


@pytest.mark.django_db
def test_staff_without_a_role_see_an_empty_admin(client: Client) -> None:
    user: User = make_staff("plain")
    log_in(client, user, verified=True)
    html = client.get("/admin/").content.decode()
    assert "have permission to view or edit anything" in html

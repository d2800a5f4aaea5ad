"""roles_of() and can() for every role and session; the second factor; reading the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory
from django.utils import timezone
from django_otp.middleware import OTPMiddleware  # type: ignore[import-untyped]
from django_otp.plugins.otp_static.models import StaticToken  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from callidarity.accounts import rules
from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.accounts.selectors import (
    can,
    count_recovery_codes,
    has_two_factor,
    is_verified,
    list_audit_events,
    role_allows,
    roles_of,
)
from callidarity.accounts.services import grant_role, record_audit_event, revoke_role

from .staff import authenticator_of, make_staff, request_for

pytestmark = pytest.mark.django_db


def _session_user(user: User, *, verified: bool) -> User:
    """Return the user as OTPMiddleware hands it to a view (is_verified() installed)."""
    seen: User = request_for(user, verified=verified).user  # type: ignore[assignment]
    return seen


def test_roles_come_from_the_groups_named_after_them() -> None:
    user = make_staff("both", roles=[Role.CASEWORKER, Role.TREASURER])
    assert roles_of(user) == {Role.CASEWORKER, Role.TREASURER}


def test_a_superuser_is_an_organizer() -> None:
    assert roles_of(make_staff("root", superuser=True)) == {Role.ORGANIZER}


def test_other_groups_are_not_roles() -> None:
    user = make_staff("grouped")
    user.groups.create(name="volunteers")
    assert roles_of(user) == frozenset()


@pytest.mark.parametrize(
    "change", [{"is_active": False}, {"is_staff": False}], ids=["inactive", "not-staff"]
)
def test_inactive_or_non_staff_users_hold_no_role(change: dict[str, bool]) -> None:
    user = make_staff("gone", roles=[Role.ORGANIZER], superuser=True)
    User.objects.filter(pk=user.pk).update(**change)
    user.refresh_from_db()
    assert roles_of(user) == frozenset()
    assert not can(_session_user(user, verified=True), "donations")


def test_anonymous_holds_nothing() -> None:
    anonymous = AnonymousUser()
    assert roles_of(anonymous) == frozenset()
    assert roles_of(None) == frozenset()
    assert [c for c in rules.CAPABILITIES if can(anonymous, c)] == []
    assert not is_verified(anonymous)


def test_roles_are_read_once_per_user_object(django_assert_num_queries: object) -> None:
    user = make_staff("once", roles=[Role.TREASURER])
    with django_assert_num_queries(1):  # type: ignore[operator]
        roles_of(user)
        roles_of(user)
        can(user, "donations")


def test_granting_and_revoking_a_role_is_seen_at_once() -> None:
    user = make_staff("moving")
    assert roles_of(user) == frozenset()
    grant_role(user=user, role=Role.MODERATOR)
    assert roles_of(user) == {Role.MODERATOR}
    revoke_role(user=user, role=Role.MODERATOR)
    assert roles_of(user) == frozenset()


# Expected capabilities per role, for a password-only and a verified session.
PASSWORD_ONLY = {
    Role.ORGANIZER: sorted(set(rules.CAPABILITIES) - rules.SENSITIVE),
    Role.CASEWORKER: ["accounts.self", "aid.facilities"],
    Role.TREASURER: ["accounts.self", "aid.facilities", "donations", "ledger", "reports.exports"],
    Role.MODERATOR: ["accounts.self", "advocacy.signatures", "campaigns.wall"],
}
VERIFIED = {
    Role.ORGANIZER: sorted(rules.CAPABILITIES),
    Role.CASEWORKER: [
        "accounts.self",
        "aid.facilities",
        "aid.members",
        "aid.plans",
        "aid.requests",
        "cases",
    ],
    Role.TREASURER: [
        "accounts.self",
        "aid.disbursements",
        "aid.facilities",
        "donations",
        "ledger",
        "reports.exports",
    ],
    Role.MODERATOR: ["accounts.self", "advocacy.signatures", "campaigns.wall"],
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("verified", [False, True], ids=["password-only", "verified"])
def test_can_for_every_role_and_session(role: Role, verified: bool) -> None:
    user = _session_user(make_staff(f"u-{role}", roles=[role]), verified=verified)
    allowed = sorted(c for c in rules.CAPABILITIES if can(user, c))
    assert allowed == (VERIFIED if verified else PASSWORD_ONLY)[role]


@pytest.mark.parametrize("verified", [False, True], ids=["password-only", "verified"])
def test_a_superuser_can_what_an_organizer_can(verified: bool) -> None:
    user = _session_user(make_staff("root", superuser=True), verified=verified)
    allowed = sorted(c for c in rules.CAPABILITIES if can(user, c))
    assert allowed == (VERIFIED if verified else PASSWORD_ONLY)[Role.ORGANIZER]


def test_staff_without_a_role_can_nothing() -> None:
    user = _session_user(make_staff("plain"), verified=True)
    assert [c for c in rules.CAPABILITIES if can(user, c)] == []
    assert not can(user, None)


def test_an_undeclared_capability_is_for_verified_organizers() -> None:
    organizer = make_staff("org", roles=[Role.ORGANIZER])
    treasurer = make_staff("tre", roles=[Role.TREASURER])
    assert can(_session_user(organizer, verified=True), None)
    assert can(_session_user(organizer, verified=True), "backoffice.weekly_run")
    assert not can(_session_user(organizer, verified=False), None)
    assert not can(_session_user(treasurer, verified=True), "backoffice.weekly_run")
    assert role_allows(organizer, None)
    assert not role_allows(treasurer, None)


def test_a_user_object_outside_a_request_is_not_verified() -> None:
    user = make_staff("batch", roles=[Role.CASEWORKER])
    assert not is_verified(user)
    assert not can(user, "aid.members")
    assert role_allows(user, "aid.members")


def test_a_session_naming_an_unconfirmed_device_is_not_verified() -> None:
    user = make_staff("half", roles=[Role.CASEWORKER], two_factor=False)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    request = RequestFactory().get("/")
    request.user = user
    request.session = {"otp_device_id": device.persistent_id}  # type: ignore[assignment]
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
    assert not is_verified(request.user)
    assert not can(request.user, "aid.members")


def test_two_factor_means_an_authenticator_or_an_unused_recovery_code() -> None:
    with_both = make_staff("both")
    nothing = make_staff("nothing", two_factor=False)
    assert has_two_factor(with_both)
    assert count_recovery_codes(with_both) == 10
    assert not has_two_factor(nothing)
    assert count_recovery_codes(nothing) == 0
    assert not has_two_factor(AnonymousUser())

    authenticator_of(with_both).delete()
    assert has_two_factor(with_both)  # recovery codes still let her in
    StaticToken.objects.filter(device__user=with_both).delete()
    assert not has_two_factor(with_both)


def test_list_audit_events_filters_by_record_actor_action_and_time() -> None:
    olga = make_staff("olga", roles=[Role.ORGANIZER], two_factor=False)
    carla = make_staff("carla", roles=[Role.CASEWORKER], two_factor=False)
    viewed = record_audit_event(actor=carla, action="accounts.user.viewed", obj=olga)
    changed = record_audit_event(
        actor=olga, action="accounts.user.changed", obj=carla, fields=["email"]
    )
    public = record_audit_event(actor=None, action="accounts.user.viewed", obj=carla)

    assert list(list_audit_events()) == [public, changed, viewed]
    assert list(list_audit_events(obj=carla)) == [public, changed]
    assert list(list_audit_events(object_type="auth.user", object_id=olga.pk)) == [viewed]
    assert list(list_audit_events(actor=olga)) == [changed]
    assert list(list_audit_events(action="accounts.user.viewed")) == [public, viewed]
    later = timezone.now() + timedelta(minutes=1)
    assert list(list_audit_events(since=later)) == []
    assert list(list_audit_events(until=later)) == [public, changed, viewed]
    assert AuditEvent.objects.count() == 3

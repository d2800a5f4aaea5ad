"""Writes: roles, the audit log (names, never values), authenticators and recovery codes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django_otp.plugins.otp_static.models import (  # type: ignore[import-untyped]
    StaticDevice,
    StaticToken,
)
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from callidarity.accounts.exceptions import InvalidAuditEvent, InvalidToken
from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.accounts.services import (
    confirm_totp_device,
    ensure_role_groups,
    hash_ip,
    issue_recovery_codes,
    record_audit_event,
    start_totp_setup,
    verify_second_factor,
)

from .staff import authenticator_of, make_staff, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def olga() -> User:
    return make_staff("olga", roles=[Role.ORGANIZER], two_factor=False)


def test_ensure_role_groups_makes_the_missing_groups() -> None:
    Group.objects.filter(name="moderator").delete()
    ensure_role_groups()
    ensure_role_groups()
    assert sorted(Group.objects.filter(name__in=Role.values).values_list("name", flat=True)) == [
        "caseworker",
        "moderator",
        "organizer",
        "treasurer",
    ]


def test_an_audit_event_names_who_what_and_which_fields(olga: User) -> None:
    carla = make_staff("carla", two_factor=False)
    event = record_audit_event(
        actor=olga,
        action="accounts.user.changed",
        obj=carla,
        fields=["email", "first_name", "email"],
        ip="203.0.113.9",
    )
    event.refresh_from_db()
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        olga,
        "accounts.user.changed",
        "auth.user",
        str(carla.pk),
    )
    assert event.fields == ["email", "first_name"]
    assert event.ip_hash == hash_ip("203.0.113.9")
    assert "203.0.113.9" not in event.ip_hash
    assert event.at is not None


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_the_public_is_recorded_as_no_actor(olga: User, actor: AnonymousUser | None) -> None:
    event = record_audit_event(actor=actor, action="accounts.user.viewed", obj=olga)
    assert event.actor is None
    assert event.ip_hash == ""


def test_a_value_passed_as_a_field_name_is_refused(olga: User) -> None:
    with pytest.raises(InvalidAuditEvent, match=r"no field 'olga@example\.org'"):
        record_audit_event(
            actor=olga, action="accounts.user.changed", obj=olga, fields=["olga@example.org"]
        )
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("action", ["Viewed", "aid member viewed", "aid.", "x" * 81, "aid"])
def test_an_action_is_dotted_lower_case_words(olga: User, action: str) -> None:
    with pytest.raises(InvalidAuditEvent):
        record_audit_event(actor=olga, action=action, obj=olga)
    assert AuditEvent.objects.count() == 0


def test_an_unsaved_object_is_refused(olga: User) -> None:
    with pytest.raises(InvalidAuditEvent, match="after the object is saved"):
        record_audit_event(actor=olga, action="accounts.user.created", obj=User(username="x"))
    assert AuditEvent.objects.count() == 0


def test_setup_keeps_one_waiting_authenticator_across_reloads(olga: User) -> None:
    first = start_totp_setup(user=olga)
    assert start_totp_setup(user=olga) == first
    assert (first.confirmed, first.name) == (False, "authenticator")


def test_confirming_an_authenticator_issues_ten_recovery_codes(olga: User) -> None:
    device = start_totp_setup(user=olga)
    codes = confirm_totp_device(user=olga, device=device, token=totp_code(device))
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == len(set(codes)) == 10
    stored = StaticToken.objects.filter(device__user=olga).values_list("token", flat=True)
    assert sorted(stored) == sorted(codes)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "fields")) == [
        ("accounts.totp.confirmed", ["confirmed"]),
        ("accounts.recovery_codes.issued", []),
    ]


def test_a_wrong_first_code_confirms_nothing_and_counts_a_miss(olga: User) -> None:
    device = start_totp_setup(user=olga)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(InvalidToken) as refused:
        confirm_totp_device(user=olga, device=device, token=wrong)
    assert not refused.value.throttled
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (False, 1)
    assert not StaticDevice.objects.filter(user=olga).exists()
    assert AuditEvent.objects.count() == 0


def test_a_new_authenticator_replaces_the_old_one(olga: User) -> None:
    old = start_totp_setup(user=olga)
    confirm_totp_device(user=olga, device=old, token=totp_code(old))
    new = start_totp_setup(user=olga)
    assert new != old
    confirm_totp_device(user=olga, device=new, token=totp_code(new))
    assert list(TOTPDevice.objects.filter(user=olga)) == [new]


def test_someone_elses_or_a_confirmed_device_cannot_be_confirmed(olga: User) -> None:
    carla = make_staff("carla")
    with pytest.raises(InvalidToken):
        confirm_totp_device(user=olga, device=authenticator_of(carla), token="123456")
    theirs = start_totp_setup(user=carla)
    with pytest.raises(InvalidToken):
        confirm_totp_device(user=olga, device=theirs, token=totp_code(theirs))


def test_new_recovery_codes_replace_the_old_ones(olga: User) -> None:
    first = issue_recovery_codes(user=olga)
    second = issue_recovery_codes(user=olga)
    assert set(first).isdisjoint(second)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(second)
    assert StaticDevice.objects.filter(user=olga).count() == 1


def test_verify_accepts_the_authenticator_code_once() -> None:
    carla = make_staff("carla")
    device = authenticator_of(carla)
    code = totp_code(device)
    assert verify_second_factor(user=carla, code=f"{code[:3]} {code[3:]}") == device
    with pytest.raises(InvalidToken):
        verify_second_factor(user=carla, code=code)  # the same time step again


def test_a_recovery_code_works_once_and_is_logged() -> None:
    carla = make_staff("carla")
    code = StaticToken.objects.filter(device__user=carla).first().token
    device = verify_second_factor(user=carla, code=f"{code[:4].upper()}-{code[4:]}")
    assert isinstance(device, StaticDevice)
    assert StaticToken.objects.filter(device__user=carla).count() == 9
    assert AuditEvent.objects.filter(action="accounts.recovery_code.used").count() == 1
    with pytest.raises(InvalidToken):
        verify_second_factor(user=carla, code=code)


def test_a_code_of_another_staff_member_is_refused() -> None:
    carla = make_staff("carla")
    mona = make_staff("mona")
    with pytest.raises(InvalidToken):
        verify_second_factor(user=carla, code=totp_code(authenticator_of(mona)))
    recovery = StaticToken.objects.filter(device__user=mona).first().token
    with pytest.raises(InvalidToken):
        verify_second_factor(user=carla, code=recovery)
    assert StaticToken.objects.filter(device__user=mona).count() == 10


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abc!efgh", "abcd1fgh"])
def test_what_is_no_code_is_refused_without_trying_a_device(code: str) -> None:
    carla = make_staff("carla")
    with pytest.raises(InvalidToken, match="not a code"):
        verify_second_factor(user=carla, code=code)
    assert authenticator_of(carla).throttling_failure_count == 0


def test_after_a_miss_the_device_is_throttled(settings: object) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # type: ignore[attr-defined]
    carla = make_staff("carla")
    device = authenticator_of(carla)
    right = totp_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    with pytest.raises(InvalidToken) as first:
        verify_second_factor(user=carla, code=wrong)
    assert not first.value.throttled
    with pytest.raises(InvalidToken) as second:
        verify_second_factor(user=carla, code=right)  # right, but too soon after the miss
    assert second.value.throttled

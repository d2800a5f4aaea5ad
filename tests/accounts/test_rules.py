"""The capability table: every role's capabilities, what is sensitive, the admin's models."""

from __future__ import annotations

from django.apps import apps

from callidarity.accounts import rules
from callidarity.accounts.roles import Role


def test_roles_are_the_four_of_the_issue() -> None:
    assert [(r.value, r.label) for r in Role] == [
        ("organizer", "Organizer"),
        ("caseworker", "Caseworker"),
        ("treasurer", "Treasurer"),
        ("moderator", "Moderator"),
    ]


def test_each_role_holds_exactly_its_capabilities() -> None:
    held = {
        role: sorted(c for c in rules.CAPABILITIES if role in rules.roles_for(c)) for role in Role
    }
    assert held[Role.CASEWORKER] == [
        "accounts.self",
        "aid.facilities",
        "aid.members",
        "aid.plans",
        "aid.requests",
        "cases",
    ]
    assert held[Role.TREASURER] == [
        "accounts.self",
        "aid.disbursements",
        "aid.facilities",
        "donations",
        "ledger",
        "reports.exports",
    ]
    assert held[Role.MODERATOR] == ["accounts.self", "advocacy.signatures", "campaigns.wall"]
    assert held[Role.ORGANIZER] == sorted(rules.CAPABILITIES)


def test_an_unknown_or_undeclared_capability_is_organizer_only_and_sensitive() -> None:
    assert rules.roles_for("no.such.thing") == {Role.ORGANIZER}
    assert rules.roles_for(None) == {Role.ORGANIZER}
    assert rules.is_sensitive("no.such.thing")
    assert rules.is_sensitive(None)


def test_people_inside_and_the_keys_to_two_factor_are_sensitive() -> None:
    assert sorted(rules.SENSITIVE) == [
        "accounts.audit",
        "accounts.devices",
        "accounts.users",
        "aid.disbursements",
        "aid.members",
        "aid.plans",
        "aid.requests",
        "cases",
    ]
    assert not rules.is_sensitive("donations")
    assert not rules.is_sensitive("accounts.self")


def test_every_sensitive_capability_is_in_the_table() -> None:
    assert rules.SENSITIVE - rules.CAPABILITIES.keys() == set()


def test_every_admin_model_names_a_known_capability_of_an_installed_app() -> None:
    labels = {config.label for config in apps.get_app_configs()}
    assert [m for m in rules.ADMIN_CAPABILITIES if m.split(".")[0] not in labels] == []
    assert [c for c in rules.ADMIN_CAPABILITIES.values() if c not in rules.CAPABILITIES] == []


def test_the_admin_map_answers_by_model_label() -> None:
    assert rules.admin_capability_for("aid.member") == "aid.members"
    assert rules.admin_capability_for("campaigns.wallpost") == "campaigns.wall"
    assert rules.admin_capability_for("no.model") is None

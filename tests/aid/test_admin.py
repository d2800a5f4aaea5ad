"""People inside in the admin: only caseworkers and organizers with a second factor see
them, every look is audited, and facilities are editable by the desks that need them."""

from __future__ import annotations

import pytest
from django.test import Client

from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.aid.models import Facility, Member, SupportPlan
from callidarity.ledger.models import Account
from tests.accounts.matrix import ANONYMOUS, NO_ROLE, PERSONAS, Access, outcome, persona_user
from tests.accounts.staff import log_in

from .conftest import make_member

pytestmark = pytest.mark.django_db

SEES_PEOPLE = {"superuser+2fa", "organizer+2fa", "caseworker+2fa"}


def _expected(persona: str, *, sensitive_for: set[Role]) -> Access:
    if persona == ANONYMOUS:
        return Access.LOGIN
    if persona in SEES_PEOPLE:
        return Access.OK
    role = persona.removesuffix("+2fa")
    if persona != NO_ROLE and (role in {"superuser", "organizer"} or Role(role) in sensitive_for):
        return Access.TWO_FACTOR
    return Access.FORBIDDEN


def test_member_pages_open_only_to_verified_caseworkers_and_organizers(
    client: Client, logan: Facility, fund: Account
) -> None:
    member = make_member(logan, fund, name="Canaryadmin Quetzal")
    plan = SupportPlan.objects.get(member=member)
    urls = [
        "/admin/aid/member/",
        f"/admin/aid/member/{member.pk}/change/",
        "/admin/aid/supportplan/",
        f"/admin/aid/supportplan/{plan.pk}/change/",
        "/admin/aid/supportrequest/",
    ]
    problems = []
    for persona in PERSONAS:
        client.logout()
        user = persona_user(persona)
        if user is not None:
            log_in(client, user, verified=persona.endswith("+2fa"))
        for url in urls:
            response = client.get(url)
            got = outcome(response)
            expected = _expected(persona, sensitive_for={Role.CASEWORKER})
            if got != expected:
                problems.append(f"{url} as {persona}: expected {expected}, got {got}")
            shown = "Canaryadmin" in response.content.decode()
            if shown != (expected is Access.OK and "member" in url):
                problems.append(f"{url} as {persona}: name shown={shown}")
    assert problems == []


def test_each_look_at_a_member_is_audited_by_field_name(
    client: Client, logan: Facility, fund: Account
) -> None:
    member = make_member(logan, fund, name="Canaryadmin Quetzal")
    user = persona_user("caseworker+2fa")
    assert user is not None
    log_in(client, user, verified=True)
    client.get(f"/admin/aid/member/{member.pk}/change/")
    client.get("/admin/aid/member/")
    events = list(
        AuditEvent.objects.filter(action="aid.member.viewed", object_id=str(member.pk)).order_by(
            "pk"
        )
    )
    assert len(events) == 2
    assert all(e.actor == user for e in events)
    assert "notes" in events[0].fields
    assert "name" in events[1].fields
    assert "Canaryadmin" not in str([e.fields for e in events])
    # Her plans show on her page too: that look is recorded against each plan.
    plan_views = AuditEvent.objects.filter(action="aid.supportplan.viewed", actor=user)
    assert plan_views.count() == 1
    assert "weekly_cents" in plan_views.get().fields


def test_a_change_in_the_admin_is_audited_and_keeps_the_hash_in_step(
    client: Client, logan: Facility, fund: Account
) -> None:
    member = make_member(logan, fund, name="Ana")
    user = persona_user("organizer+2fa")
    assert user is not None
    log_in(client, user, verified=True)
    url = f"/admin/aid/member/{member.pk}/change/"
    form = {
        "name": "Ana María",
        "id_number": "Y-77777",
        "facility": logan.pk,
        "status": "active",
        "language": "es",
        "children_zip": "60625",
        "waiting_since": "2026-01-01",
        "notes": "Prefers calls on Sundays",
        "plans-TOTAL_FORMS": "1",
        "plans-INITIAL_FORMS": "1",
        "plans-MIN_NUM_FORMS": "0",
        "plans-MAX_NUM_FORMS": "1000",
        "plans-0-id": str(SupportPlan.objects.get(member=member).pk),
        "plans-0-member": str(member.pk),
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = Member.objects.get(pk=member.pk)
    assert (member.name, member.id_number, member.miles_from_children) == (
        "Ana María",
        "Y-77777",
        153,
    )
    event = AuditEvent.objects.get(action="aid.member.changed")
    assert {"name", "id_number", "children_zip", "notes"} <= set(event.fields)
    # The same ID number for a second member is refused with a message, not a 500.
    other = make_member(logan, fund, name="Beatriz")
    response = client.post(f"/admin/aid/member/{other.pk}/change/", {**form, "name": "Beatriz"})
    assert response.status_code == 200
    assert "already a member" in response.content.decode()


def test_facilities_are_edited_by_caseworkers_and_treasurers_without_a_second_factor(
    client: Client, logan: Facility
) -> None:
    for persona, expected in (("treasurer", 200), ("caseworker", 200), ("moderator", 403)):
        client.logout()
        user = persona_user(persona)
        assert user is not None
        log_in(client, user)
        assert client.get(f"/admin/aid/facility/{logan.pk}/change/").status_code == expected

"""Fixtures for cases: a caseworker who owns them, a member inside, and a clemency case."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from callidarity.accounts.roles import Role
from callidarity.aid.models import Facility, Member
from callidarity.cases import services
from callidarity.cases.models import Case
from tests.accounts.staff import make_staff

TODAY = datetime.date(2026, 12, 1)
# A value no test would type by chance: pages and emails must never show it.
CANARY_NOTE = "Canarynote waiting on the lawyer letter"
CANARY_NAME = "Canarycase Quetzal"


@pytest.fixture
def carla(db: None) -> User:
    """A caseworker with an authenticator: she owns the cases."""
    return make_staff("carla", roles=[Role.CASEWORKER])


@pytest.fixture
def member(illinois: None) -> Member:
    return Member.objects.create(
        name=CANARY_NAME,
        id_number="Y55501Q",
        facility=Facility.objects.get(name="Logan Correctional Center"),
        status=Member.Status.ACTIVE,
        waiting_since=datetime.date(2026, 1, 1),
    )


@pytest.fixture
def clemency(member: Member, carla: User) -> Case:
    return services.create_case(
        kind=Case.Kind.CLEMENCY,
        member=member,
        owner=carla,
        next_step="Collect letters of support",
        status_note=CANARY_NOTE,
        opened_on=datetime.date(2026, 10, 1),
        by=carla,
    )

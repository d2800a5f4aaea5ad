"""The migrations make one group per role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from callidarity.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_each_role_has_its_group_after_migrating() -> None:
    names = Group.objects.filter(name__in=Role.values).values_list("name", flat=True)
    assert sorted(names) == sorted(Role.values)

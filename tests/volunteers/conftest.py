"""Fixtures for volunteers and drives: a hygiene-kit drive for Logan Correctional Center."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from callidarity.aid.models import Facility
from callidarity.volunteers.models import Drive, DriveItem


def make_drive(**fields: object) -> Drive:
    today = timezone.localdate()
    values: dict[str, object] = {
        "slug": "hygiene-kits-logan",
        "title": "Hygiene kits for Logan",
        "description": "New items only, **unopened**.",
        "facility": Facility.objects.filter(name="Logan Correctional Center").first(),
        "drop_off": "Community room, 1234 W Cermak Rd, Chicago\nSaturdays 10 am to 2 pm",
        "starts_on": today - datetime.timedelta(days=3),
        "ends_on": today + datetime.timedelta(days=20),
        "status": Drive.Status.PUBLISHED,
    }
    values.update(fields)
    drive = Drive.objects.create(**values)
    DriveItem.objects.create(drive=drive, name="Bars of soap", unit="bar", quantity_needed=10,
                             position=1)  # fmt: skip
    DriveItem.objects.create(drive=drive, name="Socks", unit="pair", quantity_needed=5,
                             position=2)  # fmt: skip
    return drive


@pytest.fixture
def drive(db: None) -> Drive:
    return make_drive()


def items(drive: Drive) -> tuple[DriveItem, DriveItem]:
    soap, socks = drive.items.order_by("position")
    return soap, socks

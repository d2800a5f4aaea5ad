"""Reads of volunteers and drives: who is near a place, and each item's counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from callidarity.aid import geo
from callidarity.aid.models import Facility

from .models import Drive, DriveItem, Pledge, Volunteer, VolunteerSignup

PUBLIC_DRIVES = (Drive.Status.PUBLISHED, Drive.Status.CLOSED)
# Bounds of the "near a facility" search, in miles.
MAX_RADIUS_MILES = 500
DEFAULT_RADIUS_MILES = 50


# --- volunteers ----------------------------------------------------------------------------


def get_signup(signup_id: int) -> VolunteerSignup | None:
    """Return the sign-up with this id, with its supporter, or None."""
    return VolunteerSignup.objects.select_related("supporter").filter(pk=signup_id).first()


def get_volunteer(volunteer_id: int) -> Volunteer | None:
    """Return the volunteer with this id, with her supporter and skills, or None."""
    return (
        Volunteer.objects.select_related("supporter")
        .prefetch_related("skills")
        .filter(pk=volunteer_id)
        .first()
    )


def facility_point(facility: Facility) -> tuple[float, float] | None:
    """Return where a facility is: its coordinates, else its ZIP code's centre (None: unknown)."""
    if facility.latitude is not None and facility.longitude is not None:
        return float(facility.latitude), float(facility.longitude)
    return geo.zip_centroid(facility.zip_code)


@dataclass(frozen=True)
class NearVolunteer:
    volunteer: Volunteer
    miles: int


@dataclass(frozen=True)
class NearResult:
    """The active volunteers within the radius, nearest first, and how many had to be
    skipped because their ZIP code has no known centre."""

    rows: list[NearVolunteer]
    unknown_zip: int


def list_volunteers_near(
    point: tuple[float, float], *, radius_miles: int, skill: str = ""
) -> NearResult:
    """Return the active volunteers (with `skill`, if given) within `radius_miles` of a point."""
    volunteers = (
        Volunteer.objects.filter(status=Volunteer.Status.ACTIVE)
        .select_related("supporter")
        .prefetch_related("skills")
        .order_by("pk")
    )
    if skill:
        volunteers = volunteers.filter(skills__skill=skill)
    rows: list[NearVolunteer] = []
    unknown = 0
    for volunteer in volunteers:
        home = geo.zip_centroid(volunteer.zip_code)
        if home is None:
            unknown += 1
            continue
        miles = geo.miles_between(home, point)
        if miles <= radius_miles:
            rows.append(NearVolunteer(volunteer, miles))
    rows.sort(key=lambda row: (row.miles, row.volunteer.name.lower(), row.volunteer.pk))
    return NearResult(rows=rows, unknown_zip=unknown)


# --- drives --------------------------------------------------------------------------------


def get_public_drive(slug: str) -> Drive:
    """Return the published or closed drive with this slug (Drive.DoesNotExist if none)."""
    return Drive.objects.select_related("facility").filter(status__in=PUBLIC_DRIVES).get(slug=slug)


def list_public_drives() -> list[Drive]:
    """Return the drives taking pledges (published, last day not past), ending soonest first."""
    drives = Drive.objects.filter(
        status=Drive.Status.PUBLISHED, ends_on__gte=timezone.localdate()
    ).select_related("facility")
    return list(drives.order_by("ends_on", "pk"))


def with_counts(items: QuerySet[DriveItem]) -> QuerySet[DriveItem]:
    """Annotate items with `open_quantity` (pledged, not yet brought) and `delivered`.

    What counts toward an item's need: open pledges in full, delivered ones as delivered
    (someone who brought fewer than she promised frees the rest for others).
    """
    return items.annotate(
        open_quantity=Coalesce(
            Sum("pledges__quantity", filter=Q(pledges__status=Pledge.Status.PLEDGED)), 0
        ),
        delivered=Coalesce(
            Sum(
                "pledges__delivered_quantity",
                filter=Q(pledges__status=Pledge.Status.DELIVERED),
            ),
            0,
        ),
    )


@dataclass(frozen=True)
class ItemProgress:
    """One item's counts: `pledged` is what is promised or already brought."""

    item: DriveItem
    needed: int
    pledged: int
    delivered: int

    @property
    def still_needed(self) -> int:
        return max(0, self.needed - self.pledged)

    @property
    def pledged_percent(self) -> int:
        return min(100, self.pledged * 100 // self.needed) if self.needed else 100

    @property
    def delivered_percent(self) -> int:
        return min(100, self.delivered * 100 // self.needed) if self.needed else 100


def list_item_progress(drive: Drive) -> list[ItemProgress]:
    """Return each of the drive's items with its needed, pledged and delivered counts."""
    items = with_counts(DriveItem.objects.filter(drive=drive)).order_by("position", "pk")
    return [_progress(item) for item in items]


def _progress(item: DriveItem) -> ItemProgress:
    open_quantity = int(getattr(item, "open_quantity", 0))
    delivered = int(getattr(item, "delivered", 0))
    return ItemProgress(
        item=item,
        needed=item.quantity_needed,
        pledged=open_quantity + delivered,
        delivered=delivered,
    )


def progress_by_item(item_ids: Iterable[int]) -> dict[int, ItemProgress]:
    """Return the counts of these items by id (call under their row locks to decide)."""
    items = with_counts(DriveItem.objects.filter(pk__in=list(item_ids)))
    return {item.pk: _progress(item) for item in items}


def list_submission_pledges(submission: uuid.UUID) -> list[Pledge]:
    """Return the pledges one form made, with their items and drive, in the items' order."""
    pledges = Pledge.objects.filter(submission=submission).select_related(
        "item__drive__facility", "supporter"
    )
    return list(pledges.order_by("item__position", "item__pk"))


def list_open_pledges() -> list[Pledge]:
    """Return the pledges not yet delivered or cancelled, by drive and item."""
    pledges = Pledge.objects.filter(status=Pledge.Status.PLEDGED).select_related(
        "item__drive", "supporter"
    )
    return list(pledges.order_by("item__drive__ends_on", "item__drive__pk", "item__position",
                                 "item__pk", "pk"))  # fmt: skip

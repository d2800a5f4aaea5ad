"""Reads of advocacy: the targets in office now."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import DistrictZip, Target, TargetOffice


def list_current_targets(*, chamber: str = "", district: str = "") -> QuerySet[Target]:
    """Return the targets in office, with their offices, by chamber, district and name."""
    targets = Target.objects.filter(is_current=True)
    if chamber:
        targets = targets.filter(chamber=chamber)
    if district:
        targets = targets.filter(district=district)
    offices = Prefetch("offices", queryset=TargetOffice.objects.order_by("position"))
    return targets.prefetch_related(offices).order_by("chamber", "district", "name")


def districts_for_zip(zip_code: str) -> dict[str, list[str]]:
    """Return the districts of each chamber a ZIP code lies in ({} when the table lacks it)."""
    found: dict[str, list[str]] = {}
    rows = DistrictZip.objects.filter(zip_code=zip_code.strip()[:5]).order_by("chamber", "district")
    for chamber, district in rows.values_list("chamber", "district"):
        found.setdefault(chamber, []).append(district)
    return found


def has_district_table() -> bool:
    """Return whether a ZIP-to-district table has been imported."""
    return DistrictZip.objects.exists()

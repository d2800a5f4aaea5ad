"""Reads of advocacy: the targets in office now."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Target, TargetOffice


def list_current_targets(*, chamber: str = "", district: str = "") -> QuerySet[Target]:
    """Return the targets in office, with their offices, by chamber, district and name."""
    targets = Target.objects.filter(is_current=True)
    if chamber:
        targets = targets.filter(chamber=chamber)
    if district:
        targets = targets.filter(district=district)
    offices = Prefetch("offices", queryset=TargetOffice.objects.order_by("position"))
    return targets.prefetch_related(offices).order_by("chamber", "district", "name")

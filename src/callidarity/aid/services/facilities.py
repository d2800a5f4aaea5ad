"""Facilities and their deposit vendors."""

from __future__ import annotations

from django.db import transaction as db_transaction

from ..facility_csv import FacilityRow, apply_rows
from ..models import DepositFeeTier, DepositVendor, Facility


@db_transaction.atomic
def import_facilities(rows: list[FacilityRow]) -> tuple[int, int]:
    """Create or update facilities by name, with their vendors' fee tiers; return counts."""
    return apply_rows(
        rows, facility_model=Facility, vendor_model=DepositVendor, tier_model=DepositFeeTier
    )

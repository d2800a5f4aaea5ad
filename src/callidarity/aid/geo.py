"""Distances between ZIP codes, from the US ZIP centroids that ship with `zipcodes` (offline)."""

from __future__ import annotations

import functools
import re

import zipcodes

# ASCII digits only: `\d` also matches full-width digits, on which zipcodes panics.
_ZIP5 = re.compile(r"^([0-9]{5})(?:-[0-9]{4})?$")


@functools.lru_cache(maxsize=4096)
def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """Return (latitude, longitude) of a US ZIP code's centre, or None if unknown."""
    match = _ZIP5.match(zip_code.strip())
    if match is None:
        return None
    try:
        found: list[dict[str, str]] = zipcodes.matching(match.group(1))  # type: ignore[no-untyped-call]
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    return float(found[0]["lat"]), float(found[0]["long"])


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Return the great-circle distance in whole miles between two (lat, lon) points."""
    # zipcodes.haversine takes longitude first.
    miles: float = zipcodes.haversine(a[1], a[0], b[1], b[0])  # type: ignore[no-untyped-call]
    return round(miles)


def is_known_zip(zip_code: str) -> bool:
    """Return True for a US ZIP code that has a centroid."""
    return zip_centroid(zip_code) is not None

"""Public advocacy endpoints: the JSON list of targets in office."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import selectors
from .models import Target

CHAMBERS = (Target.Chamber.UPPER, Target.Chamber.LOWER, Target.Chamber.EXECUTIVE)


def _target_json(target: Target) -> dict[str, Any]:
    return {
        "name": target.name,
        "title": target.display_title,
        "chamber": target.chamber,
        "district": target.district,
        "party": target.party,
        "phones": [
            {"office": office.kind, "phone": office.phone}
            for office in target.offices.all()
            if office.phone
        ],
    }


@require_GET
@cache_control(public=True, max_age=300)
def targets_api(request: HttpRequest) -> JsonResponse:
    """List the targets in office as JSON, by `chamber` (upper, lower, executive) and `district`."""
    chamber = request.GET.get("chamber", "").strip()
    district = request.GET.get("district", "").strip()
    if chamber and chamber not in CHAMBERS:
        message = _("chamber must be one of: %(choices)s.") % {"choices": ", ".join(CHAMBERS)}
        return JsonResponse({"error": message}, status=400)
    if len(district) > 20 or (district and not district.isalnum()):
        return JsonResponse({"error": _("district must be a district number, like 5.")}, status=400)
    targets = [
        _target_json(t) for t in selectors.list_current_targets(chamber=chamber, district=district)
    ]
    return JsonResponse({"count": len(targets), "targets": targets})

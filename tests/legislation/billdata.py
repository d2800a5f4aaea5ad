"""OpenStates API v3 bill JSON for tests: an invented House bill whose history is written in
the General Assembly's own action texts (the bill, people and dates are made up)."""

from __future__ import annotations

import copy
from typing import Any

OPENSTATES_ID = "ocd-bill/11111111-2222-4333-8444-555555555555"

ACTIONS: list[dict[str, Any]] = [
    {"description": "Filed with the Clerk by Rep. Ana Example", "date": "2025-02-07",
     "classification": ["filing"], "order": 1, "organization": {"classification": "lower"}},
    {"description": "First Reading", "date": "2025-02-10T00:00:00+00:00",
     "classification": ["reading-1"], "order": 2, "organization": {"classification": "lower"}},
    {"description": "Referred to Rules Committee", "date": "2025-02-10",
     "classification": [], "order": 3, "organization": {"classification": "lower"}},
    {"description": "Assigned to Judiciary - Criminal Committee", "date": "2025-02-25",
     "classification": ["referral-committee"], "order": 4,
     "organization": {"classification": "lower"}},
]  # fmt: skip

PASSED_HOUSE = {
    "description": "Third Reading - Short Debate - Passed 071-040-000", "date": "2025-04-08",
    "classification": ["reading-3", "passage"], "order": 5,
    "organization": {"classification": "lower"},
}  # fmt: skip


def bill_json(**overrides: Any) -> dict[str, Any]:
    """Return a bill as OpenStates' API gives it: in committee, two sponsors."""
    data: dict[str, Any] = {
        "id": OPENSTATES_ID,
        "session": "104th",
        "identifier": "HB 9999",
        "title": "Example Act: free calls home",
        "from_organization": {"classification": "lower"},
        "abstracts": [{"abstract": "Amends the Example Act. Makes calls free."}],
        "actions": copy.deepcopy(ACTIONS),
        "sponsorships": [
            {"name": "Carla Example", "primary": False, "classification": "cosponsor",
             "entity_type": "person",
             "person": {"id": "ocd-person/carla", "name": "Carla Example"}},
            {"name": "Ana Example", "primary": True, "classification": "primary",
             "entity_type": "person",
             "person": {"id": "ocd-person/ana", "name": "Ana Example",
                        "current_role": {"org_classification": "lower"}}},
        ],
        "sources": [
            {"url": "https://open.pluralpolicy.com/il/bills/104th/HB9999"},
            {"url": "https://www.ilga.gov/legislation/BillStatus.asp?DocNum=9999"},
        ],
        "openstates_url": "https://open.pluralpolicy.com/il/bills/104th/HB9999",
    }  # fmt: skip
    data.update(overrides)
    return data


def with_passage(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the bill after the House passed it (one more action)."""
    data = data or bill_json()
    data["actions"] = [*data["actions"], copy.deepcopy(PASSED_HOUSE)]
    return data

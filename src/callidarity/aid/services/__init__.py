"""Every change to the support program, split by sub-domain:

- `facilities`: facilities and their vendors' fees;
- `intake`: requests for support, the members they bring in, their weekly plans;
- `runs`: weekly disbursement runs, from proposal to confirmed deposits in the ledger.

Callers use `aid.services.<name>`; the names below are the package's whole API.
"""

from .facilities import import_facilities
from .intake import (
    REQUEST_FIELDS,
    RequestDetails,
    approve_request,
    check_facility_limit,
    check_weekly,
    create_plan,
    decline_request,
    miles_from_children,
    send_request_email,
    submit_support_request,
    waitlist_request,
)
from .members import record_views, save_member, save_plan
from .runs import (
    RunExists,
    confirm_line,
    export_run,
    fail_line,
    fee_schedules,
    max_weeks,
    outstanding_cents,
    propose_run,
    remove_line,
    repropose_run,
    week_start,
)

__all__ = [
    "REQUEST_FIELDS",
    "RequestDetails",
    "RunExists",
    "approve_request",
    "check_facility_limit",
    "check_weekly",
    "confirm_line",
    "create_plan",
    "decline_request",
    "export_run",
    "fail_line",
    "fee_schedules",
    "import_facilities",
    "max_weeks",
    "miles_from_children",
    "outstanding_cents",
    "propose_run",
    "record_views",
    "remove_line",
    "repropose_run",
    "save_member",
    "save_plan",
    "send_request_email",
    "submit_support_request",
    "waitlist_request",
    "week_start",
]

"""Every change to a case, split by sub-domain:

- `stages`: the stages of each kind of case, the table of allowed moves, `move_case`;
- `records`: opening and editing cases and their hearings;
- `pages`: the public page, its consent, publishing and unpublishing;
- `reminders`: the owner's emails before each deadline.

Callers use `cases.services.<name>`; the names below are the package's whole API.
"""

from .pages import publish_page, record_consent, save_page, unpublish_page, withdraw_consent
from .records import (
    check_owner,
    create_case,
    delete_hearing,
    record_views,
    save_case,
    save_hearing,
)
from .reminders import lead_days, list_due_reminders, reminder_key, send_case_reminders
from .stages import (
    FIRST_STAGE,
    MOVES,
    allowed_moves,
    check_move,
    last_move_on,
    move_case,
    stages_for,
)

__all__ = [
    "FIRST_STAGE",
    "MOVES",
    "allowed_moves",
    "check_move",
    "check_owner",
    "create_case",
    "delete_hearing",
    "last_move_on",
    "lead_days",
    "list_due_reminders",
    "move_case",
    "publish_page",
    "record_consent",
    "record_views",
    "reminder_key",
    "save_case",
    "save_hearing",
    "save_page",
    "send_case_reminders",
    "stages_for",
    "unpublish_page",
    "withdraw_consent",
]

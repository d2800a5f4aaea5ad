"""Every change to advocacy, split by sub-domain:

- `targets`: officials imported from OpenStates or entered by organizers, ZIP-to-district;
- `calls`: what callers did on each call;
- `letters`: supporters' letters, emailed to each office once or printed;
- `petitions`: signatures, counted once per email, floods held for review;
- `followups`: supporters who asked to hear of the next action, and organizers' emails to them.

Callers use `advocacy.services.<name>`; the names below are the package's whole API.
"""

from .calls import record_call
from .followups import (
    follow_actions,
    retry_failed_outreach,
    send_outreach,
    send_outreach_batch,
    unfollow_actions,
)
from .letters import (
    LetterMailer,
    SubmittedLetter,
    record_printed_letter,
    retry_failed_letter,
    send_letter,
    submit_letter,
)
from .petitions import (
    Decision,
    SignOutcome,
    SignResult,
    review_signatures,
    sign_petition,
)
from .targets import (
    DistrictCsvError,
    ImportResult,
    TargetCsvError,
    import_districts,
    import_manual_targets,
    import_officials,
)

__all__ = [
    "Decision",
    "DistrictCsvError",
    "ImportResult",
    "LetterMailer",
    "SignOutcome",
    "SignResult",
    "SubmittedLetter",
    "TargetCsvError",
    "follow_actions",
    "import_districts",
    "import_manual_targets",
    "import_officials",
    "record_call",
    "record_printed_letter",
    "retry_failed_letter",
    "retry_failed_outreach",
    "review_signatures",
    "send_letter",
    "send_outreach",
    "send_outreach_batch",
    "sign_petition",
    "submit_letter",
    "unfollow_actions",
]

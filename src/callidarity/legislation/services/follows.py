"""Following a bill by email (double opt-in) and the one email per stage change."""

from __future__ import annotations


def announce_stage_change(change_id: int) -> None:
    """Email each confirmed follower of the bill once about this StageChange (after commit)."""
    # Filled in by the follow-a-bill slice; the import calls it on commit of a stage change.
    return None

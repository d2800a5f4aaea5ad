"""What callers did: one outcome of one call to one office."""

from __future__ import annotations

from django.db import transaction as db_transaction
from django.utils.translation import gettext as _

from callidarity.supporters.services import upsert_supporter

from ..exceptions import ActionError
from ..models import Action, ActionTaken, Target


@db_transaction.atomic
def record_call(
    *, action: Action, target: Target, outcome: str, email: str = "", name: str = ""
) -> ActionTaken:
    """Record the outcome of one call to one of the action's targets.

    With an email, it is kept against the supporter (one record across gifts, actions and
    follows); without, it still counts, tied to no one.
    """
    if not action.is_open:
        raise ActionError(_("This action is not taking calls now."))
    if action.kind != Action.Kind.CALL:
        raise ActionError(_("This action is not a call-in."))
    if outcome not in ActionTaken.CALL_OUTCOMES:
        raise ActionError(_("Choose what happened on the call."))
    own = target.is_current and target.chamber in action.own_chambers
    if not own and not action.targets.filter(pk=target.pk).exists():
        raise ActionError(_("That office is not one this action calls."))
    supporter = upsert_supporter(email=email, name=name) if email else None
    return ActionTaken.objects.create(
        action=action, target=target, supporter=supporter, outcome=outcome
    )

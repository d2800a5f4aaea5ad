"""Witness slips: a supporter says she filed one for a hearing, and is counted once.

Illinois lets anyone file a witness slip on the General Assembly's site until a committee
hearing starts; the group only records that she says she did, to know how many it moved.
One per supporter (one per email, in any case) and hearing: the unique constraint decides,
so a double click or two tabs at once count once. Recording closes when the hearing starts.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.supporters.models import Supporter
from callidarity.supporters.services import normalize_email, upsert_supporter

from .. import selectors
from ..exceptions import SlipError, SlipsClosed
from ..models import Hearing, WitnessSlip

logger = logging.getLogger(__name__)


class SlipOutcome(enum.StrEnum):
    RECORDED = "recorded"  # a new slip
    ALREADY = "already"  # she was counted before: nothing changed


@dataclass(frozen=True)
class SlipResult:
    outcome: SlipOutcome
    slip: WitnessSlip


def record_slip(
    *, hearing: Hearing, email: str, name: str = "", now: datetime | None = None
) -> SlipResult:
    """Count her witness slip for the hearing, once.

    Raises SlipsClosed once the hearing has started (or for a hearing not published), and
    SlipError for a bad address. A name is kept only for a supporter new to us: a public
    form renames no one, since anyone can type anyone's address.
    """
    if not selectors.hearing_is_open(hearing, now or timezone.now()):
        raise SlipsClosed(_("The hearing has started: witness slips are closed."))
    try:
        email = normalize_email(email)
    except ValidationError:
        raise SlipError(_("Enter a valid email address, like ana@example.org.")) from None
    known = Supporter.objects.filter(email__iexact=email).exists()
    supporter = upsert_supporter(email=email, name="" if known else " ".join(name.split()))
    try:
        with db_transaction.atomic():
            slip = WitnessSlip.objects.create(hearing=hearing, supporter=supporter)
    except IntegrityError:  # counted already (perhaps a moment ago, in another tab)
        return SlipResult(
            SlipOutcome.ALREADY, WitnessSlip.objects.get(hearing=hearing, supporter=supporter)
        )
    logger.info("legislation.slip.recorded", extra={"hearing_id": hearing.pk})
    return SlipResult(SlipOutcome.RECORDED, slip)

"""Petition signatures: one per email, a flood from one connection held for a moderator.

A signature belongs to a supporter (one row per email, any case), and the database keeps
one per supporter and petition (`advocacy_sign_once`): a second signature by the same
address is recognised and changes nothing. Of the connection, only a keyed hash is kept,
enough to see that many signatures came from one place in a short time. Past
`PETITION_FLOOD_LIMIT` of them within `PETITION_FLOOD_WINDOW_SECONDS`, new signatures are
held (not counted, not shown) until a moderator counts or rejects them; they are never
refused, since many people in one room share an address.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.accounts.services import record_audit_event
from callidarity.core.encryption import lookup_hash
from callidarity.supporters.services import upsert_supporter

from ..exceptions import ActionError
from ..models import Action, Signature
from .followups import follow_actions

logger = logging.getLogger(__name__)

# The purpose of the keyed hash of a signer's connection (see core.encryption.lookup_hash).
SOURCE_PURPOSE = "advocacy.signature.source"


class SignOutcome(enum.StrEnum):
    COUNTED = "counted"
    HELD = "held"  # saved, but a moderator decides whether it counts
    ALREADY_SIGNED = "already"  # this email had signed before: nothing changed


@dataclass(frozen=True)
class SignResult:
    """What became of a signature, and the signature that stands for her on the petition."""

    outcome: SignOutcome
    signature: Signature
    # What a new signature from this connection would have become (COUNTED or HELD): what
    # the public page says for a second signature too, so that it never tells a stranger
    # typing someone's address whether that person has signed.
    shown_as: SignOutcome = SignOutcome.COUNTED

    @property
    def is_counted(self) -> bool:
        """Return whether this submission added one to the count."""
        return self.outcome == SignOutcome.COUNTED


def source_hash(source: str) -> str:
    """Return the keyed hash kept of a connection's address ("" for none)."""
    source = source.strip()
    return lookup_hash(SOURCE_PURPOSE, source) if source else ""


def _is_flood(action: Action, hashed: str) -> bool:
    if not hashed:
        return False
    since = timezone.now() - timedelta(seconds=settings.PETITION_FLOOD_WINDOW_SECONDS)
    recent = Signature.objects.filter(action=action, source_hash=hashed, created_at__gte=since)
    return recent.count() >= settings.PETITION_FLOOD_LIMIT


def _clean_comment(comment: str) -> str:
    # A textarea sends CRLF; count each line break once against the 500 characters.
    comment = comment.replace("\r\n", "\n").replace("\r", "\n").strip()
    return comment[: Signature._meta.get_field("comment").max_length]


@db_transaction.atomic
def sign_petition(
    *,
    action: Action,
    name: str,
    email: str,
    city: str = "",
    comment: str = "",
    is_public: bool = False,
    follow: bool = False,
    language: str,
    source: str = "",
) -> SignResult:
    """Sign an open petition once per email; hold it when its connection is flooding.

    `source` is the client's address; only its keyed hash is stored. Signing again with
    the same email (in any case) keeps her first signature as it was and says so. With
    `follow`, she also asks to hear about the next action.
    """
    if action.kind != Action.Kind.PETITION:
        raise ActionError(_("This action is not a petition."))
    # The petition's row lock puts its signers in line: the flood count below is exact, and
    # a petition closed at this moment takes no more signatures.
    locked = Action.objects.select_for_update().filter(pk=action.pk).first()
    if locked is None or not locked.is_open:
        raise ActionError(_("This petition is not taking signatures now."))
    name = " ".join(name.split())[:200]
    if not name:
        raise ActionError(_("Enter your name, as it will appear on the petition."))
    try:
        supporter = upsert_supporter(email=email, name=name)
    except ValidationError:
        raise ActionError(_("Enter a valid email address, like ana@example.org.")) from None
    hashed = source_hash(source)
    status = Signature.Status.HELD if _is_flood(locked, hashed) else Signature.Status.COUNTED
    try:
        # The unique constraint decides, not a look first: two tabs, or fifty at once, one row.
        with db_transaction.atomic():
            signature = Signature.objects.create(
                action=locked,
                supporter=supporter,
                name=name,
                city=" ".join(city.split())[:100],
                comment=_clean_comment(comment),
                is_public=is_public,
                status=status,
                source_hash=hashed,
            )
    except IntegrityError:
        signature = Signature.objects.get(action=locked, supporter=supporter)
        outcome = SignOutcome.ALREADY_SIGNED
    else:
        outcome = SignOutcome(status)
        if status == Signature.Status.HELD:
            logger.info("advocacy.signature.held", extra={"action_id": locked.pk})
    if follow:
        follow_actions(supporter=supporter, action=locked, language=language)
    return SignResult(outcome=outcome, signature=signature, shown_as=SignOutcome(status))


class Decision(enum.StrEnum):
    COUNT = "count"
    REJECT = "reject"


_DECIDED = {Decision.COUNT: Signature.Status.COUNTED, Decision.REJECT: Signature.Status.REJECTED}


@db_transaction.atomic
def review_signatures(
    *, action: Action, ids: Iterable[int], decision: str, by: AbstractBaseUser | AnonymousUser
) -> int:
    """Count or reject held signatures of a petition (a moderator's decision); return how many.

    Only signatures still held on this petition change, so a second moderator deciding the
    same ones at once changes nothing more. Each change is in the audit log.
    """
    try:
        status = _DECIDED[Decision(decision)]
    except ValueError:
        raise ActionError(_("Choose to count or to reject the signatures.")) from None
    wanted = sorted(set(ids))
    held = list(
        Signature.objects.select_for_update()
        .filter(action=action, status=Signature.Status.HELD, pk__in=wanted)
        .order_by("pk")
    )
    if not held:
        return 0
    Signature.objects.filter(pk__in=[s.pk for s in held]).update(status=status)
    for signature in held:
        signature.status = status
        record_audit_event(
            actor=by, action=f"advocacy.signature.{status}", obj=signature, fields=["status"]
        )
    logger.info(
        "advocacy.signatures.reviewed",
        extra={"action_id": action.pk, "decision": str(status), "count": len(held)},
    )
    return len(held)

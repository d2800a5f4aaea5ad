"""Supporters' letters: emailed to each target's office once, or printed to mail.

A letter is one `Letter` row per supporter per action (the database refuses a second),
sent as one `notifications.Delivery` per office address under `letter.delivery_key`, so a
second run of the task, a retried task or her sending the form again sends nothing more.
Each office gets its own copy (its name in the greeting and the text). It comes `From` the
app's address with her name as the display name, never from her address (her domain's
DMARC policy would have it rejected), and replies go to her (`Reply-To`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import translation
from django.utils.translation import gettext as _

from callidarity.notifications import services as notifications
from callidarity.notifications.models import Delivery
from callidarity.supporters.models import Supporter
from callidarity.supporters.services import upsert_supporter

from .. import selectors
from ..exceptions import ActionError
from ..models import Action, ActionTaken, Letter, Target
from .followups import follow_actions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SubmittedLetter:
    """What became of a letter she sent: new and queued, or the one she had already sent."""

    letter: Letter
    is_new: bool  # False: she had written in this action before; nothing was sent again
    emailed: list[Target] = field(default_factory=list)  # the offices it was queued for


def _one_line(value: str) -> str:
    # Names and subjects go into mail headers: no line breaks, no runs of spaces.
    return " ".join(value.split())


def _check_open(action: Action) -> None:
    if action.kind != Action.Kind.LETTER:
        raise ActionError(_("This action is not a letter."))
    if action.not_yet_open:
        raise ActionError(_("This action is not open yet. Come back when it starts."))
    if not action.is_open:
        raise ActionError(_("This action has ended. Thank you for caring."))


def _check_targets(action: Action, targets: list[Target]) -> list[Target]:
    """Return the targets, once each, if every one is an office this letter may go to."""
    fixed = set(action.targets.filter(is_current=True).values_list("pk", flat=True))
    chosen: dict[int, Target] = {}
    for target in targets:
        own = target.is_current and target.chamber in action.own_chambers
        if target.pk not in fixed and not own:
            raise ActionError(_("That office is not one this action writes to."))
        chosen.setdefault(target.pk, target)
    if not chosen:
        raise ActionError(_("This letter has no one to go to."))
    return list(chosen.values())


def _offices_written(action: Action, supporter: Supporter) -> set[int]:
    """Return the offices her letter in this action is already counted for (sent or printed)."""
    return set(
        ActionTaken.objects.filter(
            action=action,
            supporter=supporter,
            outcome__in=(ActionTaken.Outcome.EMAILED, ActionTaken.Outcome.PRINTED),
        ).values_list("target_id", flat=True)
    )


def submit_letter(
    *,
    action: Action,
    name: str,
    email: str,
    city: str,
    subject: str,
    body: str,
    targets: list[Target],
    language: str,
    follow: bool = False,
) -> SubmittedLetter:
    """Keep her letter and queue one email per office that has an address.

    Records a letter sent (EMAILED) against her for each of those offices and sends after
    commit. Her second letter in the same action is recognised and not sent: the result
    says so (`is_new` False).
    """
    _check_open(action)
    targets = _check_targets(action, targets)
    name, city, subject, body = _one_line(name), _one_line(city), _one_line(subject), body.strip()
    if not (name and email.strip() and subject and body):
        raise ActionError(_("A letter needs your name, your email, a subject and its text."))
    with db_transaction.atomic():
        supporter = upsert_supporter(email=email, name=name)
        if follow:
            follow_actions(supporter=supporter, action=action, language=language)
        try:
            with db_transaction.atomic():
                letter = Letter.objects.create(
                    action=action,
                    supporter=supporter,
                    name=name,
                    city=city,
                    subject=subject,
                    body=body,
                    language=language,
                )
        except IntegrityError:  # one letter per supporter per action
            letter = Letter.objects.get(action=action, supporter=supporter)
            logger.info("advocacy.letter.again", extra={"letter_id": letter.pk})
            return SubmittedLetter(letter=letter, is_new=False)
        letter.targets.set(targets)
        emailed = [t for t in targets if t.email.strip()]
        # One letter counted per office: one she printed for it already counts.
        counted = _offices_written(action, supporter)
        ActionTaken.objects.bulk_create(
            ActionTaken(
                action=action, target=t, supporter=supporter, outcome=ActionTaken.Outcome.EMAILED
            )
            for t in emailed
            if t.pk not in counted
        )
        notifications.queue_deliveries(
            key=letter.delivery_key,
            recipients=list(dict.fromkeys((t.email.strip().lower(), language) for t in emailed)),
        )
        if emailed:
            from ..tasks import send_letter_task

            db_transaction.on_commit(partial(send_letter_task.enqueue, letter.pk))
    logger.info("advocacy.letter.queued", extra={"letter_id": letter.pk, "offices": len(emailed)})
    return SubmittedLetter(letter=letter, is_new=True, emailed=emailed)


def from_address(name: str) -> str:
    """Return the From of her letter: the app's address, with her name shown."""
    _display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    shown = _("%(name)s via %(organization)s") % {
        "name": _one_line(name),
        "organization": settings.ORGANIZATION_NAME,
    }
    return formataddr((shown, address))


class LetterMailer:
    """Compose each office's copy of one letter, addressed to the delivery's email."""

    def __init__(self, letter: Letter) -> None:
        self.letter = letter
        self.by_email: dict[str, Target] = {}
        for target in letter.targets.order_by("pk"):
            if target.email.strip():
                self.by_email.setdefault(target.email.strip().lower(), target)

    def __call__(self, delivery: Delivery) -> EmailMessage:
        letter = self.letter
        target = self.by_email[delivery.email]
        supporter = letter.supporter
        # To the office, in the offices' language (see selectors.letter_copy).
        with translation.override(settings.LANGUAGE_CODE):
            copy = selectors.letter_copy(
                target=target,
                name=letter.name,
                city=letter.city,
                subject=letter.subject,
                body=letter.body,
            )
            footer = _(
                "%(name)s wrote this letter through %(organization)s. Reply to this email "
                "to answer %(name)s directly."
            ) % {"name": letter.name, "organization": settings.ORGANIZATION_NAME}
            sender = from_address(letter.name)
        return EmailMessage(
            subject=_one_line(copy.subject),
            body=f"{copy.text}\n\n-- \n{footer}\n",
            from_email=sender,
            to=[delivery.email],
            reply_to=[formataddr((letter.name, supporter.email))],
        )


def send_letter(letter: Letter) -> notifications.BatchResult:
    """Send the letter's waiting copies, each office's once; what was claimed is never resent."""
    mailer = LetterMailer(letter)
    sent = failed = 0
    while deliveries := notifications.claim_batch(
        key=letter.delivery_key, size=settings.EMAIL_BATCH_SIZE
    ):
        # An office whose address changed since she sent: its old address is not written to.
        unknown = [d.pk for d in deliveries if d.email not in mailer.by_email]
        if unknown:
            notifications.skip_deliveries(unknown)
            logger.warning(
                "advocacy.letter.unknown_address",
                extra={"letter_id": letter.pk, "skipped": len(unknown)},
            )
        known = [d for d in deliveries if d.email in mailer.by_email]
        if known:
            result = notifications.send_batch(known, mailer)
            sent, failed = sent + result.sent, failed + result.failed
    return notifications.BatchResult(sent=sent, failed=failed)


def retry_failed_letter(letter: Letter) -> int:
    """Queue again the copies of a letter that failed, and send them; return how many."""
    retried = notifications.retry_failed(key=letter.delivery_key)
    if retried:
        from ..tasks import send_letter_task

        db_transaction.on_commit(partial(send_letter_task.enqueue, letter.pk))
    return retried


@db_transaction.atomic
def record_printed_letter(
    *,
    action: Action,
    name: str,
    email: str,
    targets: list[Target],
    language: str,
    follow: bool = False,
) -> list[ActionTaken]:
    """Record that she printed her letter to mail to these offices; return the new records.

    Once per supporter per office per action: printing again, or printing for an office
    her letter was emailed to, records nothing more.
    """
    _check_open(action)
    targets = _check_targets(action, targets)
    supporter = upsert_supporter(email=email, name=_one_line(name))
    # ActionTaken has no unique constraint for this: her row's lock makes her two
    # downloads at once take turns, so the second sees what the first recorded.
    Supporter.objects.select_for_update().filter(pk=supporter.pk).values_list("pk").first()
    if follow:
        follow_actions(supporter=supporter, action=action, language=language)
    written = _offices_written(action, supporter)
    new = [
        ActionTaken(
            action=action, target=t, supporter=supporter, outcome=ActionTaken.Outcome.PRINTED
        )
        for t in targets
        if t.pk not in written
    ]
    return ActionTaken.objects.bulk_create(new)

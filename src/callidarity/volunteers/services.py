"""Volunteer sign-ups, confirmed from the emailed link, and pledges to in-kind drives.

Volunteering is double opt-in. Anyone can type anyone's email into the public form, so what
the form says is kept apart, as a `VolunteerSignup`, and only reaches her `Volunteer` when
the link we email to that address is opened and confirmed. That way a stranger can neither
sign someone up nor change her ZIP code, phone or skills, and the form answers every address
the same ("check your email"), so it tells nobody whether she volunteers. The price is one
extra click for her, which a list of people's phones and neighbourhoods is worth. The
supporter's own name is never touched: the name she gives stays on her `Volunteer`.
A confirmation goes to one address at most `SIGNUPS_PER_ADDRESS_PER_DAY` times a day, so the
form cannot flood an inbox, and unconfirmed sign-ups are deleted after a week.

Pledges promise things, never money: nothing here posts to the ledger. A pledge may not ask
for more of an item than is still needed; the items' rows are locked (in primary-key order)
before their counts are read, so concurrent pledges are decided one after another and never
overshoot. A form sent twice (a double click) makes its pledges once. A pledge is not double
opt-in (it holds no one's contact details beyond the email it is confirmed to), but its
confirmation email carries a link to cancel, so pledges made in someone's name can be undone
by her, and organizers cancel the rest.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from callidarity.accounts.services import record_audit_event
from callidarity.aid import geo
from callidarity.core.locking import lock_in_pk_order
from callidarity.notifications import services as notifications
from callidarity.supporters.services import upsert_supporter

from . import selectors, tokens
from .emails import PledgeMailer, SignupMailer, WelcomeMailer
from .exceptions import DriveClosed, DriveError, PledgeNotOpen, TooMany, VolunteerError
from .models import (
    MAX_PER_ITEM,
    Drive,
    DriveItem,
    Pledge,
    Skill,
    Volunteer,
    VolunteerSignup,
    VolunteerSkill,
)

logger = logging.getLogger(__name__)

SIGNUPS_PER_ADDRESS_PER_DAY = 3
SIGNUP_MAX_AGE = timedelta(seconds=tokens.CONFIRM_MAX_AGE)


def _one_line(text: str, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


# --- volunteers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignupDetails:
    """What the public form says, cleaned."""

    name: str
    email: str
    zip_code: str
    skills: list[str] = field(default_factory=list)
    phone: str = ""
    other_skill: str = ""
    languages: str = ""
    availability: str = ""
    language: str = "en"


def request_signup(details: SignupDetails) -> VolunteerSignup | None:
    """Keep what the form says and email the address a link to confirm it.

    Returns the sign-up, or None when this address already had its confirmations for the
    day (nothing is kept or sent). Raises VolunteerError for a bad name, email, ZIP code
    or skill.
    """
    name = _one_line(details.name, 200)
    if not name:
        raise VolunteerError(_("Enter your name."))
    zip_code = details.zip_code.strip()
    ascii_digits = zip_code.isascii() and zip_code.isdigit()  # not full-width ones
    if len(zip_code) != 5 or not ascii_digits or not geo.is_known_zip(zip_code):
        raise VolunteerError(_("Enter your 5-digit ZIP code, like 62656."))
    skills = [value for value in Skill.values if value in set(details.skills)]
    if not skills or len(skills) != len(set(details.skills)):
        raise VolunteerError(_("Choose at least one thing you can do."))
    other_skill = _one_line(details.other_skill, 200) if Skill.OTHER in skills else ""
    try:
        # No name: a public form never renames a supporter, whose address anyone can type.
        supporter = upsert_supporter(email=details.email)
    except ValidationError:
        raise VolunteerError(_("Enter a valid email address, like ana@example.org.")) from None
    now = timezone.now()
    with db_transaction.atomic():
        VolunteerSignup.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - SIGNUP_MAX_AGE
        ).delete()
        recent = VolunteerSignup.objects.filter(
            supporter=supporter, created_at__gte=now - timedelta(days=1)
        ).count()
        if recent >= SIGNUPS_PER_ADDRESS_PER_DAY:
            logger.info("volunteers.signup.throttled", extra={"supporter_id": supporter.pk})
            return None
        signup = VolunteerSignup.objects.create(
            supporter=supporter,
            name=name,
            phone=_one_line(details.phone, 40),
            zip_code=zip_code,
            skills=skills,
            other_skill=other_skill,
            languages=_one_line(details.languages, 200),
            availability=details.availability.strip()[:500],
            language=details.language,
        )
        from .tasks import send_signup_confirmation_task  # tasks import these services

        db_transaction.on_commit(
            partial(send_signup_confirmation_task.enqueue, signup_id=signup.pk)
        )
    logger.info("volunteers.signup.requested", extra={"signup_id": signup.pk})
    return signup


def signup_key(signup: VolunteerSignup) -> str:
    return f"volunteer-signup:{signup.pk}"


def send_signup_confirmation(*, signup: VolunteerSignup) -> int:
    """Email the link that confirms a sign-up, once; return how many emails went."""
    if signup.confirmed_at is not None:
        return 0
    key = signup_key(signup)
    notifications.queue_deliveries(key=key, recipients=[(signup.supporter.email, signup.language)])
    deliveries = notifications.claim_batch(key=key, size=1)
    if not deliveries:
        return 0
    return notifications.send_batch(deliveries, SignupMailer(signup)).sent


@db_transaction.atomic
def confirm_signup(*, signup: VolunteerSignup) -> Volunteer:
    """Make the sign-up her volunteer record (new, changed, or resumed); once per sign-up."""
    locked = VolunteerSignup.objects.select_for_update().get(pk=signup.pk)
    if locked.confirmed_at is not None:
        return Volunteer.objects.get(supporter_id=locked.supporter_id)
    now = timezone.now()
    values = {
        "name": locked.name,
        "phone": locked.phone,
        "zip_code": locked.zip_code,
        "other_skill": locked.other_skill,
        "languages": locked.languages,
        "availability": locked.availability,
        "language": locked.language,
        "status": Volunteer.Status.ACTIVE,
        "confirmed_at": now,
        "stopped_at": None,
    }
    try:
        with db_transaction.atomic():
            volunteer, _created = Volunteer.objects.update_or_create(
                supporter_id=locked.supporter_id, defaults=values
            )
    except IntegrityError:  # confirmed concurrently from another sign-up: update that one
        volunteer = Volunteer.objects.get(supporter_id=locked.supporter_id)
        Volunteer.objects.filter(pk=volunteer.pk).update(**values)
        volunteer.refresh_from_db()
    VolunteerSkill.objects.filter(volunteer=volunteer).delete()
    VolunteerSkill.objects.bulk_create(
        [VolunteerSkill(volunteer=volunteer, skill=value) for value in locked.skills]
    )
    locked.confirmed_at = now
    locked.save(update_fields=["confirmed_at"])
    # Older sign-ups not confirmed are overtaken: their links must not undo this one.
    VolunteerSignup.objects.filter(
        supporter_id=locked.supporter_id,
        confirmed_at__isnull=True,
        created_at__lte=locked.created_at,
    ).exclude(pk=locked.pk).delete()
    from .tasks import send_welcome_task

    db_transaction.on_commit(partial(send_welcome_task.enqueue, volunteer_id=volunteer.pk))
    logger.info("volunteers.volunteer.confirmed", extra={"volunteer_id": volunteer.pk})
    return volunteer


def welcome_key(volunteer: Volunteer) -> str:
    # Each confirmation (a change, or coming back after stopping) is one welcome.
    return f"volunteer-welcome:{volunteer.pk}:{volunteer.confirmed_at.timestamp():.6f}"


def send_welcome(*, volunteer: Volunteer) -> int:
    """Email her what she signed up for and her link to stop, once per confirmation."""
    if volunteer.status != Volunteer.Status.ACTIVE:
        return 0
    key = welcome_key(volunteer)
    notifications.queue_deliveries(
        key=key, recipients=[(volunteer.supporter.email, volunteer.language)]
    )
    deliveries = notifications.claim_batch(key=key, size=1)
    if not deliveries:
        return 0
    return notifications.send_batch(deliveries, WelcomeMailer(volunteer)).sent


@db_transaction.atomic
def stop_volunteering(*, volunteer: Volunteer) -> Volunteer:
    """Take her off the volunteers organizers see; stopping twice changes nothing more."""
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if locked.status == Volunteer.Status.ACTIVE:
        locked.status = Volunteer.Status.STOPPED
        locked.stopped_at = timezone.now()
        locked.save(update_fields=["status", "stopped_at", "updated_at"])
        logger.info("volunteers.volunteer.stopped", extra={"volunteer_id": locked.pk})
    return locked


# --- pledges -------------------------------------------------------------------------------


class PledgeOutcome(enum.StrEnum):
    PLEDGED = "pledged"
    ALREADY = "already"  # the same form sent again: nothing changed


@dataclass(frozen=True)
class PledgeResult:
    outcome: PledgeOutcome
    pledges: list[Pledge]


@db_transaction.atomic
def pledge(
    *,
    drive: Drive,
    name: str,
    email: str,
    quantities: Mapping[int, int],
    submission: uuid.UUID,
    language: str = "en",
) -> PledgeResult:
    """Record her pledges (item id → how many) if each is within what is still needed.

    All or nothing: raises TooMany when any item asks for more than is left (the message
    names each), DriveClosed when the drive takes no pledges, and DriveError for a missing
    name, a bad email, no item, or an item of another drive.
    """
    wanted = {int(pk): int(n) for pk, n in quantities.items() if int(n) > 0}
    if any(int(n) < 0 for n in quantities.values()):
        raise DriveError(_("A quantity cannot be less than zero."))
    if not wanted:
        raise DriveError(_("Pledge at least one item."))
    # The items' row locks put pledges in line: the counts below are exact until we commit.
    items = lock_in_pk_order(DriveItem.objects.filter(drive_id=drive.pk), wanted)
    current = Drive.objects.filter(pk=drive.pk).first()
    if current is None or not current.takes_pledges:
        raise DriveClosed(_("This drive is not taking pledges."))
    if set(items) != set(wanted):
        raise DriveError(_("Choose items from this drive's list."))
    name = _one_line(name, 200)
    if not name:
        raise DriveError(_("Enter your name."))
    try:
        supporter = upsert_supporter(email=email)  # never renamed from a public form
    except ValidationError:
        raise DriveError(_("Enter a valid email address, like ana@example.org.")) from None
    already = selectors.list_submission_pledges(submission)
    if already:
        return PledgeResult(PledgeOutcome.ALREADY, already)
    progress = selectors.progress_by_item(wanted)
    too_many = [
        ngettext(
            "Only %(count)d more of “%(item)s” is needed.",
            "Only %(count)d more of “%(item)s” are needed.",
            progress[pk].still_needed,
        )
        % {"count": progress[pk].still_needed, "item": items[pk].name}
        for pk in sorted(wanted, key=lambda pk: (items[pk].position, pk))
        if wanted[pk] > progress[pk].still_needed
    ]
    if too_many:
        raise TooMany(" ".join(too_many))
    try:
        with db_transaction.atomic():
            made = Pledge.objects.bulk_create(
                [
                    Pledge(
                        item=items[pk],
                        supporter=supporter,
                        name=name,
                        quantity=count,
                        submission=submission,
                        language=language,
                    )
                    for pk, count in sorted(wanted.items())
                ]
            )
    except IntegrityError:  # the same form, sent at the same moment
        return PledgeResult(PledgeOutcome.ALREADY, selectors.list_submission_pledges(submission))
    from .tasks import send_pledge_confirmation_task

    db_transaction.on_commit(
        partial(send_pledge_confirmation_task.enqueue, submission=str(submission))
    )
    logger.info("volunteers.pledge.made", extra={"drive_id": drive.pk, "pledges": len(made)})
    return PledgeResult(PledgeOutcome.PLEDGED, selectors.list_submission_pledges(submission))


def pledge_key(submission: uuid.UUID) -> str:
    return f"drive-pledge:{submission}"


def send_pledge_confirmation(*, submission: uuid.UUID) -> int:
    """Email her what she pledged, where to bring it and her cancel link, once."""
    pledges = [
        p for p in selectors.list_submission_pledges(submission)
        if p.status == Pledge.Status.PLEDGED
    ]  # fmt: skip
    if not pledges:
        return 0
    key = pledge_key(submission)
    notifications.queue_deliveries(
        key=key, recipients=[(pledges[0].supporter.email, pledges[0].language)]
    )
    deliveries = notifications.claim_batch(key=key, size=1)
    if not deliveries:
        return 0
    return notifications.send_batch(deliveries, PledgeMailer(pledges)).sent


@db_transaction.atomic
def cancel_submission(*, submission: uuid.UUID) -> list[Pledge]:
    """Cancel the open pledges one form made (from her emailed link); return them all."""
    pledges = Pledge.objects.filter(submission=submission)
    locked = lock_in_pk_order(pledges, pledges.values_list("pk", flat=True))
    now = timezone.now()
    for found in locked.values():
        if found.status == Pledge.Status.PLEDGED:
            found.status = Pledge.Status.CANCELLED
            found.cancelled_at = now
            found.save(update_fields=["status", "cancelled_at"])
    if locked:
        logger.info("volunteers.pledge.cancelled", extra={"pledges": len(locked)})
    return selectors.list_submission_pledges(submission)


Actor = AbstractBaseUser | AnonymousUser | None


@db_transaction.atomic
def mark_delivered(*, pledge: Pledge, by: Actor, quantity: int | None = None) -> Pledge:
    """Record that an open pledge was brought (`quantity`, or what she pledged).

    Raises PledgeNotOpen when it was already delivered or cancelled, and DriveError for a
    quantity below one or above MAX_PER_ITEM (or above the pledge, if bigger). She may bring
    more than she pledged (the extra counts). Counts only: nothing moves in the ledger.
    """
    # The item first, as pledges lock it: a delivery changes what is still needed.
    lock_in_pk_order(DriveItem.objects.all(), [pledge.item_id])
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.status != Pledge.Status.PLEDGED:
        raise PledgeNotOpen(_("This pledge is already %(status)s.") % {
            "status": locked.get_status_display().lower()})  # fmt: skip
    count = locked.quantity if quantity is None else quantity
    if count < 1:
        raise DriveError(_("Enter how many were brought: at least 1."))
    limit = max(MAX_PER_ITEM, locked.quantity)
    if count > limit:
        raise DriveError(_("Enter how many were brought: at most %(limit)d.") % {"limit": limit})
    locked.status = Pledge.Status.DELIVERED
    locked.delivered_quantity = count
    locked.delivered_at = timezone.now()
    locked.save(update_fields=["status", "delivered_quantity", "delivered_at"])
    record_audit_event(
        actor=by, action="volunteers.pledge.delivered", obj=locked,
        fields=["status", "delivered_quantity"],
    )  # fmt: skip
    return locked


@db_transaction.atomic
def cancel_pledge(*, pledge: Pledge, by: Actor) -> Pledge:
    """Cancel an open pledge for the organizers (she said she cannot bring it)."""
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.status != Pledge.Status.PLEDGED:
        raise PledgeNotOpen(_("This pledge is already %(status)s.") % {
            "status": locked.get_status_display().lower()})  # fmt: skip
    locked.status = Pledge.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at"])
    record_audit_event(actor=by, action="volunteers.pledge.cancelled", obj=locked,
                       fields=["status"])  # fmt: skip
    return locked

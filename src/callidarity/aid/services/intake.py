"""Requests for support, the members they bring in, and their weekly plans.

Every change to a member, a request or a plan leaves an audit row (field names, never
values). Emails to requesters say nothing about the person inside: email crosses servers
the group does not control.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.accounts.services import record_audit_event
from callidarity.core.money import Money
from callidarity.ledger.models import Account

from .. import emails, geo
from ..exceptions import AlreadyDecided, FacilityNeeded, SupportError
from ..models import Facility, Member, SupportPlan, SupportRequest
from ._actors import Actor, staff_user

logger = logging.getLogger(__name__)


def _filled(obj: Any, names: Iterable[str]) -> list[str]:
    return [name for name in names if getattr(obj, name) not in ("", None, False)]


REQUEST_FIELDS = (
    "person_name",
    "id_number",
    "facility",
    "facility_other",
    "wants_calls",
    "wants_commissary",
    "visits",
    "children_zip",
    "requester_name",
    "relationship",
    "requester_email",
    "requester_phone",
    "language",
    "message",
)


@dataclass(frozen=True)
class RequestDetails:
    """What a request says, from the public form or typed in by staff from a letter."""

    person_name: str
    facility: Facility | None
    id_number: str = ""
    facility_other: str = ""
    wants_calls: bool = False
    wants_commissary: bool = False
    visits: str = SupportRequest.Visits.UNKNOWN
    children_zip: str = ""
    requester_name: str = ""
    relationship: str = ""
    requester_email: str = ""
    requester_phone: str = ""
    language: str = "en"
    message: str = ""


@db_transaction.atomic
def submit_support_request(
    *, details: RequestDetails, source: str, entered_by: Actor = None
) -> SupportRequest:
    """Store a request for support; link it to the member it is about, if she is known.

    The requester, if they gave an email, is told it arrived (after commit).
    """
    request = SupportRequest(
        source=source,
        entered_by=staff_user(entered_by),
        **{name: getattr(details, name) for name in REQUEST_FIELDS},
    )
    request.refresh_lookup_hashes()
    if request.id_hash:
        # Same ID number at the same agency: the person the group already knows.
        request.member = Member.objects.filter(id_hash=request.id_hash).first()
    request.save()
    record_audit_event(
        actor=staff_user(entered_by),
        action="aid.request.created",
        obj=request,
        fields=_filled(request, (*REQUEST_FIELDS, "member")),
    )
    if request.requester_email:
        from ..tasks import send_request_email_task

        db_transaction.on_commit(
            partial(send_request_email_task.enqueue, request_id=request.pk, kind="received")
        )
    return request


def _locked_open_request(request: SupportRequest) -> SupportRequest:
    locked = SupportRequest.objects.select_for_update(of=("self",)).select_related("facility")
    current = locked.get(pk=request.pk)
    if current.status not in (SupportRequest.Status.NEW, SupportRequest.Status.WAITLISTED):
        raise AlreadyDecided(current.get_status_display())
    return current


def miles_from_children(children_zip: str, facility: Facility) -> int | None:
    """Return the miles between the children's ZIP code and the facility, if both are known."""
    home = geo.zip_centroid(children_zip) if children_zip else None
    if home is None:
        return None
    if facility.latitude is not None and facility.longitude is not None:
        there: tuple[float, float] | None = (float(facility.latitude), float(facility.longitude))
    else:
        there = geo.zip_centroid(facility.zip_code)
    return None if there is None else geo.miles_between(home, there)


def _member_for(request: SupportRequest, *, by: Actor) -> tuple[Member, bool]:
    if request.member_id is not None:
        # Locked: two approvals for her at once must not both add the same plan.
        return Member.objects.select_for_update().get(pk=request.member_id), False
    assert request.facility is not None
    member = Member(
        name=request.person_name,
        id_number=request.id_number,
        facility=request.facility,
        status=Member.Status.ACTIVE,
        language=request.language,
        children_zip=request.children_zip,
        miles_from_children=miles_from_children(request.children_zip, request.facility),
        has_visits=request.visits == SupportRequest.Visits.YES,
        waiting_since=timezone.localdate(request.created_at),
    )
    member.refresh_lookup_hashes()
    try:
        with db_transaction.atomic():
            member.save()
    except IntegrityError:
        # Someone approved another request for her a moment ago: use that member.
        return Member.objects.get(id_hash=member.id_hash), False
    fields = ["name", "id_number", "facility", "status", "language", "children_zip"]
    record_audit_event(
        actor=staff_user(by),
        action="aid.member.created",
        obj=member,
        fields=_filled(member, fields),
    )
    return member, True


@db_transaction.atomic
def approve_request(
    *,
    request: SupportRequest,
    by: Actor,
    plans: list[tuple[str, Money]],
    fund_account: Account,
    starts_on: datetime.date | None = None,
) -> Member:
    """Approve a request: create (or link) the member and give her these weekly plans."""
    current = _locked_open_request(request)
    if current.facility is None and current.member_id is None:
        raise FacilityNeeded
    if not plans:
        raise SupportError(_("An approval needs at least one weekly plan."))
    member, _created = _member_for(current, by=by)
    changed = []
    if member.status != Member.Status.ACTIVE:
        # Back on the program: a paused member, or one transferred or released who asks again.
        member.status = Member.Status.ACTIVE
        changed.append("status")
    if current.facility is not None and current.facility_id != member.facility_id:
        # The request says where she is now: a transfer.
        member.facility = current.facility
        member.miles_from_children = miles_from_children(member.children_zip, current.facility)
        changed += ["facility", "miles_from_children"]
    if changed:
        member.save(update_fields=[*changed, "updated_at"])
        record_audit_event(
            actor=staff_user(by), action="aid.member.changed", obj=member, fields=changed
        )
    for kind, weekly in plans:
        create_plan(
            member=member,
            kind=kind,
            weekly=weekly,
            fund_account=fund_account,
            starts_on=starts_on,
            by=by,
        )
    current.member = member
    current.status = SupportRequest.Status.APPROVED
    # A waiting-list reason would read oddly in the "good news" email.
    current.reason = ""
    current.decided_at = timezone.now()
    current.decided_by = staff_user(by)
    current.save(
        update_fields=["member", "status", "reason", "decided_at", "decided_by", "updated_at"]
    )
    record_audit_event(
        actor=staff_user(by),
        action="aid.request.approved",
        obj=current,
        fields=["member", "status", "decided_at", "decided_by"],
    )
    _email_decision(current)
    request.refresh_from_db()
    return member


def _decide(request: SupportRequest, *, by: Actor, status: str, reason: str) -> SupportRequest:
    current = _locked_open_request(request)
    if current.status == status:
        return current
    current.status = status
    current.reason = reason
    current.decided_at = timezone.now()
    current.decided_by = staff_user(by)
    current.save(update_fields=["status", "reason", "decided_at", "decided_by", "updated_at"])
    record_audit_event(
        actor=staff_user(by),
        action=f"aid.request.{status}",
        obj=current,
        fields=_filled(current, ["status", "reason", "decided_at", "decided_by"]),
    )
    _email_decision(current)
    request.refresh_from_db()
    return current


@db_transaction.atomic
def waitlist_request(*, request: SupportRequest, by: Actor, reason: str = "") -> SupportRequest:
    """Put a request on the waiting list (the requester is told)."""
    return _decide(request, by=by, status=SupportRequest.Status.WAITLISTED, reason=reason)


@db_transaction.atomic
def decline_request(*, request: SupportRequest, by: Actor, reason: str) -> SupportRequest:
    """Decline a request with a reason (the requester is told)."""
    if not reason.strip():
        raise SupportError(_("Say why the request is declined; the requester will read it."))
    return _decide(request, by=by, status=SupportRequest.Status.DECLINED, reason=reason.strip())


def _email_decision(request: SupportRequest) -> None:
    if not request.requester_email:
        return
    from ..tasks import send_request_email_task

    db_transaction.on_commit(
        partial(send_request_email_task.enqueue, request_id=request.pk, kind=request.status)
    )


def check_weekly(weekly: Money) -> None:
    """Refuse a weekly amount that is zero or above PLAN_WEEKLY_MAX_CENTS."""
    if weekly.cents <= 0:
        raise SupportError(_("A weekly amount must be more than zero."))
    if weekly.cents > settings.PLAN_WEEKLY_MAX_CENTS:
        raise SupportError(
            _("A weekly amount can be at most %(max)s.")
            % {"max": Money(settings.PLAN_WEEKLY_MAX_CENTS, weekly.currency)}
        )


def check_facility_limit(
    *, member: Member, adding: Money, replacing: SupportPlan | None = None
) -> None:
    """Refuse plans that together send more a week than her facility lets her spend."""
    limit = member.facility.weekly_limit_cents
    if not limit:
        return
    plans = SupportPlan.objects.filter(member=member, status=SupportPlan.Status.ACTIVE)
    if replacing is not None and replacing.pk is not None:
        plans = plans.exclude(pk=replacing.pk)
    total = sum(plans.values_list("weekly_cents", flat=True)) + adding.cents
    if total > limit:
        raise SupportError(
            _(
                "%(facility)s lets a person spend at most %(limit)s a week; "
                "her plans would send %(total)s."
            )
            % {
                "facility": member.facility.name,
                "limit": Money(limit, adding.currency),
                "total": Money(total, adding.currency),
            }
        )


def create_plan(
    *,
    member: Member,
    kind: str,
    weekly: Money,
    fund_account: Account,
    by: Actor,
    starts_on: datetime.date | None = None,
) -> SupportPlan:
    """Give a member a weekly plan of one kind (an active plan of that kind is kept)."""
    check_weekly(weekly)
    if weekly.currency != fund_account.currency:
        raise SupportError(_("The plan must be in the fund's currency."))
    existing = SupportPlan.objects.filter(
        member=member, kind=kind, status=SupportPlan.Status.ACTIVE
    ).first()
    if existing is not None:
        return existing
    check_facility_limit(member=member, adding=weekly)
    plan = SupportPlan.objects.create(
        member=member,
        kind=kind,
        weekly_cents=weekly.cents,
        currency=weekly.currency,
        fund_account=fund_account,
        starts_on=starts_on or timezone.localdate(),
    )
    record_audit_event(
        actor=staff_user(by),
        action="aid.plan.created",
        obj=plan,
        fields=["member", "kind", "weekly_cents", "fund_account", "starts_on"],
    )
    return plan


def send_request_email(*, request_id: int, kind: str) -> bool:
    """Email the requester that a request arrived or was decided, once each; True if sent.

    `kind` is "received" or the decision (a request status).
    """
    told = SupportRequest.Status.NEW if kind == "received" else kind
    with db_transaction.atomic():
        request = SupportRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or not request.requester_email or request.requester_told == told:
            return False
        if kind == "received" and request.requester_told:
            return False  # already decided and told: "it arrived" would only confuse
        if kind != "received" and request.status != kind:
            return False  # decided otherwise since; that decision sends its own email
        # Inside the transaction: a failed send rolls back the mark, so a retry sends it.
        emails.request_message(request, kind).send()
        request.requester_told = told
        request.save(update_fields=["requester_told"])
    logger.info("aid.request.emailed", extra={"request_id": request_id, "kind": kind})
    return True

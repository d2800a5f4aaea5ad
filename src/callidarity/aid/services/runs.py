"""The weekly disbursement run: propose deposits within the fund, export, confirm, post.

A run is proposed from the active plans paid from one fund, for the members whose last
deposit does not already cover the week; `aid.planning` picks each deposit's size around
the vendor's fees and, when money is short, who comes first. What a run may spend is the
fund's balance less what other runs have proposed and not yet confirmed. Only a confirmed
line posts to the ledger: the deposit as a `disbursement` and the vendor's fee as a
`vendor_fee`, each under its own idempotency key, so a confirmation sent twice posts once.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.accounts.services import record_audit_event
from callidarity.core.money import Money
from callidarity.ledger import services as ledger
from callidarity.ledger.exceptions import InsufficientFunds, LedgerError
from callidarity.ledger.models import Account, Transaction
from callidarity.ledger.selectors import balance

from .. import planning
from ..exceptions import SupportError
from ..models import (
    DepositFeeTier,
    DisbursementLine,
    DisbursementRun,
    Facility,
    Member,
    SupportPlan,
)
from ._actors import Actor, staff_user

logger = logging.getLogger(__name__)

OPEN_LINE = (DisbursementLine.Status.PROPOSED, DisbursementLine.Status.EXPORTED)
LIVE_LINE = (*OPEN_LINE, DisbursementLine.Status.CONFIRMED)


def week_start(day: datetime.date) -> datetime.date:
    """Return the Monday of the week that holds this day."""
    return day - datetime.timedelta(days=day.weekday())


def fee_schedules() -> dict[int, planning.FeeSchedule]:
    """Return each facility's deposit fee schedule by facility id (no vendor: no fee)."""
    tiers: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for vendor_id, up_to, fee in DepositFeeTier.objects.order_by(
        "vendor_id", "up_to_cents"
    ).values_list("vendor_id", "up_to_cents", "fee_cents"):
        tiers[vendor_id].append((up_to, fee))
    schedules: dict[int, planning.FeeSchedule] = {}
    for facility_id, vendor_id in Facility.objects.values_list("pk", "deposit_vendor_id"):
        found = tiers.get(vendor_id) if vendor_id is not None else None
        schedules[facility_id] = (
            planning.FeeSchedule(tuple(found)) if found else planning.FeeSchedule.none()
        )
    return schedules


def max_weeks(facility_limit: int | None) -> int:
    """Return the most weeks one deposit may cover at a facility with this limit."""
    limit = settings.DISBURSEMENT_MAX_WEEKS
    return max(1, min(limit, facility_limit) if facility_limit else limit)


def outstanding_cents(fund_account: Account, *, exclude_run: DisbursementRun | None = None) -> int:
    """Return what runs of this fund have proposed or exported and not yet confirmed."""
    lines = DisbursementLine.objects.filter(run__fund_account=fund_account, status__in=OPEN_LINE)
    if exclude_run is not None:
        lines = lines.exclude(run=exclude_run)
    totals = lines.aggregate(amount=Sum("amount_cents"), fee=Sum("fee_cents"))
    return int(totals["amount"] or 0) + int(totals["fee"] or 0)


@dataclass(frozen=True)
class _Due:
    need: planning.Need
    facility_id: int
    phone_share: tuple[int, int]  # phone cents and total cents of her weekly plans


def _due_needs(fund_account: Account, period_start: datetime.date) -> list[_Due]:
    period_end = period_start + datetime.timedelta(days=6)
    plans = (
        SupportPlan.objects.filter(
            fund_account=fund_account,
            status=SupportPlan.Status.ACTIVE,
            member__status=Member.Status.ACTIVE,
            starts_on__lte=period_end,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period_start))
        .values_list("member_id", "kind", "weekly_cents", "ends_on")
    )
    weekly: dict[int, int] = defaultdict(int)
    phone: dict[int, int] = defaultdict(int)
    # A plan ending soon caps how many weeks one deposit may cover (the first to end).
    weeks_left: dict[int, int] = {}
    for member_id, kind, cents, ends_on in plans:
        weekly[member_id] += cents
        if kind == SupportPlan.Kind.PHONE:
            phone[member_id] += cents
        if ends_on is not None:
            left = (ends_on - period_start).days // 7 + 1
            weeks_left[member_id] = min(weeks_left.get(member_id, left), left)
    # Covered already: a live deposit of an earlier run reaches past this week's start.
    covered = dict(
        DisbursementLine.objects.filter(
            run__fund_account=fund_account,
            status__in=LIVE_LINE,
            run__period_start__lt=period_start,
        )
        .values_list("member_id")
        .annotate(until=Max("covers_until"))
        .order_by()
    )
    schedules = fee_schedules()
    members = Member.objects.filter(pk__in=weekly).values_list(
        "pk",
        "facility_id",
        "facility__max_weeks_per_deposit",
        "has_visits",
        "miles_from_children",
        "waiting_since",
    )
    due: list[_Due] = []
    for pk, facility_id, facility_limit, has_visits, miles, waiting_since in members:
        until = covered.get(pk)
        if until is not None and until >= period_start:
            continue
        need = planning.Need(
            member_id=pk,
            weekly_cents=weekly[pk],
            has_visits=has_visits,
            miles_from_children=miles,
            waiting_since=waiting_since,
            fees=schedules[facility_id],
            max_weeks=max(1, min(max_weeks(facility_limit), weeks_left.get(pk, 52))),
        )
        due.append(_Due(need, facility_id, (phone[pk], weekly[pk])))
    return due


class RunExists(SupportError):
    """This fund already has a run for that week."""


# How far from today a run's week may be: the demo and late bookkeeping need past weeks;
# a date years away is a typo.
WEEKS_BACK, WEEKS_AHEAD = 52, 4


def _check_order(fund_account: Account, period_start: datetime.date) -> None:
    """Refuse a run that would not be the fund's latest, or that follows an unsent draft.

    Runs go one week after another: which weeks a member's earlier deposits already cover
    is read from the runs before, so a run slipped in before a later one, or a later one
    proposed while an earlier draft may still change, could pay her twice or not at all.
    """
    today = week_start(timezone.localdate())
    if (
        not today - datetime.timedelta(weeks=WEEKS_BACK)
        <= period_start
        <= today + datetime.timedelta(weeks=WEEKS_AHEAD)
    ):
        raise SupportError(
            _("Choose a week within a year before and %(ahead)d weeks after this one.")
            % {"ahead": WEEKS_AHEAD}
        )
    runs = DisbursementRun.objects.filter(fund_account=fund_account)
    later = runs.filter(period_start__gt=period_start).order_by("period_start").first()
    if later is not None:
        raise SupportError(
            _("There is already a run for a later week (%(day)s); runs go one week after another.")
            % {"day": later.period_start.isoformat()}
        )
    draft = (
        runs.filter(status=DisbursementRun.Status.DRAFT, period_start__lt=period_start)
        .order_by("period_start")
        .first()
    )
    if draft is not None:
        raise SupportError(
            _("The run for the week of %(day)s is still a draft: send it to the vendors first.")
            % {"day": draft.period_start.isoformat()}
        )


@db_transaction.atomic
def propose_run(
    *, fund_account: Account, period_start: datetime.date, by: Actor
) -> DisbursementRun:
    """Propose this week's deposits from the fund, by the documented priority."""
    period_start = week_start(period_start)
    # Lock the fund so two proposals (or a proposal and a confirmation) see one balance.
    Account.objects.select_for_update().filter(pk=fund_account.pk).first()
    if DisbursementRun.objects.filter(
        fund_account=fund_account, period_start=period_start
    ).exists():
        raise RunExists(
            _("There is already a run for the week of %(day)s.") % {"day": period_start.isoformat()}
        )
    _check_order(fund_account, period_start)
    available = balance(fund_account).cents - outstanding_cents(fund_account)
    try:
        with db_transaction.atomic():
            run = DisbursementRun.objects.create(
                fund_account=fund_account,
                period_start=period_start,
                available_cents=max(available, 0),
                created_by=staff_user(by),
            )
    except IntegrityError:
        raise RunExists(
            _("There is already a run for the week of %(day)s.") % {"day": period_start.isoformat()}
        ) from None
    _fill(run)
    record_audit_event(
        actor=staff_user(by), action="aid.run.proposed", obj=run, fields=["lines", "left_out"]
    )
    return run


def _fill(run: DisbursementRun) -> None:
    due = _due_needs(run.fund_account, run.period_start)
    by_member = {d.need.member_id: d for d in due}
    # A weekly amount above the vendor's largest deposit cannot be sent at all: she is
    # listed as left out (with what a week costs) until her plan or facility is fixed.
    unsendable = [
        d.need
        for d in due
        if d.need.fees.max_deposit_cents is not None
        and d.need.weekly_cents > d.need.fees.max_deposit_cents
    ]
    sendable = [d.need for d in due if d.need not in unsendable]
    plan = planning.plan_run(sendable, available_cents=max(run.available_cents, 0))
    lines = []
    for line in plan.lines:
        info = by_member[line.member_id]
        phone_cents, weekly_total = info.phone_share
        lines.append(
            DisbursementLine(
                run=run,
                member_id=line.member_id,
                facility_id=info.facility_id,
                rank=line.rank,
                weeks=line.weeks,
                amount_cents=line.amount_cents,
                phone_cents=line.amount_cents * phone_cents // weekly_total,
                fee_cents=line.fee_cents,
                weekly_fee_cents=line.weeks * info.need.fees.fee_for(info.need.weekly_cents),
                currency=run.fund_account.currency,
                covers_until=run.period_start + datetime.timedelta(days=7 * line.weeks - 1),
            )
        )
    DisbursementLine.objects.bulk_create(lines, batch_size=1000)
    run.left_out = [
        {"member_id": o.member_id, "rank": o.rank, "needed_cents": o.needed_cents}
        for o in plan.left_out
    ] + [
        {"member_id": n.member_id, "rank": 0, "needed_cents": n.weekly_cents, "too_large": True}
        for n in unsendable
    ]
    run.save(update_fields=["left_out", "updated_at"])


def _locked_draft(run: DisbursementRun) -> DisbursementRun:
    current = DisbursementRun.objects.select_for_update().get(pk=run.pk)
    if current.status != DisbursementRun.Status.DRAFT:
        raise SupportError(_("This run was sent to the vendors already; it can no longer change."))
    return current


@db_transaction.atomic
def repropose_run(*, run: DisbursementRun, by: Actor) -> DisbursementRun:
    """Propose a draft run again from the plans and balance as they are now."""
    current = _locked_draft(run)
    Account.objects.select_for_update().filter(pk=current.fund_account_id).first()
    current.lines.all().delete()
    current.available_cents = max(
        balance(current.fund_account).cents
        - outstanding_cents(current.fund_account, exclude_run=current),
        0,
    )
    current.save(update_fields=["available_cents", "updated_at"])
    _fill(current)
    record_audit_event(
        actor=staff_user(by), action="aid.run.reproposed", obj=current, fields=["lines", "left_out"]
    )
    return current


@db_transaction.atomic
def remove_line(*, line: DisbursementLine, by: Actor) -> None:
    """Take a proposed deposit out of a draft run (the money stays in the fund)."""
    run = _locked_draft(line.run)
    DisbursementLine.objects.filter(pk=line.pk, run=run).delete()
    record_audit_event(
        actor=staff_user(by), action="aid.run.line_removed", obj=run, fields=["lines"]
    )


@db_transaction.atomic
def export_run(*, run: DisbursementRun, by: Actor) -> DisbursementRun:
    """Mark a draft run as sent to the vendors; its lines await confirmation."""
    current = _locked_draft(run)
    if not current.lines.exists():
        raise SupportError(_("This run has no deposits to send."))
    # Money may have left the fund since the proposal (a refund, a transfer): the vendor
    # deposits are real money, so refuse to send what the ledger could not record.
    Account.objects.select_for_update().filter(pk=current.fund_account_id).first()
    totals = current.lines.aggregate(amount=Sum("amount_cents"), fee=Sum("fee_cents"))
    needed = int(totals["amount"] or 0) + int(totals["fee"] or 0)
    available = balance(current.fund_account).cents - outstanding_cents(
        current.fund_account, exclude_run=current
    )
    if needed > available:
        raise SupportError(
            _(
                "The fund now holds %(available)s for this run, less than its %(needed)s: "
                "propose it again."
            )
            % {
                "available": Money(max(available, 0), current.fund_account.currency),
                "needed": Money(needed, current.fund_account.currency),
            }
        )
    current.lines.filter(status=DisbursementLine.Status.PROPOSED).update(
        status=DisbursementLine.Status.EXPORTED, updated_at=timezone.now()
    )
    current.status = DisbursementRun.Status.EXPORTED
    current.exported_at = timezone.now()
    current.save(update_fields=["status", "exported_at", "updated_at"])
    record_audit_event(
        actor=staff_user(by), action="aid.run.exported", obj=current, fields=["status"]
    )
    return current


def _locked_line(line: DisbursementLine) -> DisbursementLine:
    # The run first, then the line (then the ledger's accounts): so two confirmations or
    # failures of a run's last lines queue, and the last one sees that the run is settled.
    DisbursementRun.objects.select_for_update().filter(pk=line.run_id).first()
    locked = DisbursementLine.objects.select_for_update(of=("self",)).select_related("run")
    return locked.get(pk=line.pk)


@db_transaction.atomic
def confirm_line(
    *, line: DisbursementLine, confirmation_number: str, by: Actor
) -> DisbursementLine:
    """Record the vendor's confirmation and post the deposit and its fee, once."""
    number = confirmation_number.strip()
    if not number:
        raise SupportError(_("Enter the vendor's confirmation number."))
    current = _locked_line(line)
    if current.status == DisbursementLine.Status.CONFIRMED:
        if current.confirmation_number != number:
            raise SupportError(
                _("This deposit was already confirmed with number %(number)s.")
                % {"number": current.confirmation_number}
            )
        return current  # the same confirmation again: nothing more to do
    if current.status != DisbursementLine.Status.EXPORTED:
        raise SupportError(_("Only a deposit sent to the vendor can be confirmed."))
    fund = current.run.fund_account
    bank = Account.objects.get(code="assets:bank")
    try:
        ledger.post(
            kind=Transaction.Kind.DISBURSEMENT,
            lines=[(fund, current.amount), (bank, -current.amount)],
            idempotency_key=f"aid.deposit:{current.pk}",
            memo=f"Deposit #{current.pk}",
        )
        if current.fee_cents:
            ledger.post(
                kind=Transaction.Kind.VENDOR_FEE,
                lines=[(fund, current.fee), (bank, -current.fee)],
                idempotency_key=f"aid.vendor_fee:{current.pk}",
                memo=f"Vendor fee, deposit #{current.pk}",
            )
    except InsufficientFunds:
        raise SupportError(
            _("The fund no longer holds enough for this deposit and its fee; nothing was posted.")
        ) from None
    except LedgerError as error:
        logger.warning("aid.deposit.refused", extra={"line_id": current.pk, "reason": str(error)})
        raise SupportError(
            _("The ledger refused this deposit (%(reason)s); nothing was posted.")
            % {"reason": error}
        ) from None
    current.status = DisbursementLine.Status.CONFIRMED
    current.confirmation_number = number
    current.decided_at = timezone.now()
    current.decided_by = staff_user(by)
    current.save(
        update_fields=["status", "confirmation_number", "decided_at", "decided_by", "updated_at"]
    )
    record_audit_event(
        actor=staff_user(by),
        action="aid.deposit.confirmed",
        obj=current,
        fields=["status", "confirmation_number"],
    )
    _close_if_done(current.run)
    return current


@db_transaction.atomic
def fail_line(
    *, line: DisbursementLine, failure: str, note: str = "", by: Actor
) -> DisbursementLine:
    """Record why a deposit did not go through; it never posts."""
    if failure not in DisbursementLine.Failure.values:
        raise SupportError(_("Choose why the deposit failed."))
    current = _locked_line(line)
    if current.status != DisbursementLine.Status.EXPORTED:
        raise SupportError(
            _("Only a deposit sent to the vendor can fail; take a proposed one out of the run.")
        )
    current.status = DisbursementLine.Status.FAILED
    current.failure = failure
    current.failure_note = note.strip()[:300]
    current.decided_at = timezone.now()
    current.decided_by = staff_user(by)
    current.save(
        update_fields=[
            "status",
            "failure",
            "failure_note",
            "decided_at",
            "decided_by",
            "updated_at",
        ]
    )
    record_audit_event(
        actor=staff_user(by),
        action="aid.deposit.failed",
        obj=current,
        fields=["status", "failure", "failure_note"],
    )
    _close_if_done(current.run)
    return current


def _close_if_done(run: DisbursementRun) -> None:
    if run.status != DisbursementRun.Status.EXPORTED:
        return
    if run.lines.filter(status__in=OPEN_LINE).exists():
        return
    DisbursementRun.objects.filter(pk=run.pk, status=DisbursementRun.Status.EXPORTED).update(
        status=DisbursementRun.Status.CLOSED, closed_at=timezone.now(), updated_at=timezone.now()
    )

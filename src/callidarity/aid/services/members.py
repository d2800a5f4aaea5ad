"""Changes organizers make to members and plans by hand (in the admin), each audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, models
from django.db import transaction as db_transaction
from django.utils.translation import gettext as _

from callidarity.accounts.services import record_audit_event

from ..exceptions import SupportError
from ..models import Member, SupportPlan
from ._actors import Actor, staff_user
from .intake import check_facility_limit, check_weekly, miles_from_children


@db_transaction.atomic
def save_member(*, member: Member, changed: Iterable[str], by: Actor) -> Member:
    """Create or update a member from the admin, keeping her derived fields in step."""
    changed = list(changed)
    creating = member.pk is None
    member.refresh_lookup_hashes()
    if creating or {"children_zip", "facility"} & set(changed):
        member.miles_from_children = miles_from_children(member.children_zip, member.facility)
    try:
        with db_transaction.atomic():
            member.save()
    except IntegrityError:
        raise SupportError(
            _("Someone with this ID number at this agency is already a member.")
        ) from None
    record_audit_event(
        actor=staff_user(by),
        action="aid.member.created" if creating else "aid.member.changed",
        obj=member,
        fields=changed,
    )
    return member


@db_transaction.atomic
def save_plan(*, plan: SupportPlan, changed: Iterable[str], by: Actor) -> SupportPlan:
    """Create or update a support plan from the admin."""
    changed = list(changed)
    creating = plan.pk is None
    check_weekly(plan.weekly)
    if plan.currency != plan.fund_account.currency:
        raise SupportError(_("The plan must be in the fund's currency."))
    if plan.status == SupportPlan.Status.ACTIVE:
        check_facility_limit(member=plan.member, adding=plan.weekly, replacing=plan)
    plan.save()
    record_audit_event(
        actor=staff_user(by),
        action="aid.plan.created" if creating else "aid.plan.changed",
        obj=plan,
        fields=changed,
    )
    return plan


def record_views(*, objects: Iterable[models.Model], by: Actor, fields: Iterable[str]) -> None:
    """Record that staff saw these records' fields (a page that shows them)."""
    names = list(fields)
    for obj in objects:
        kind = obj._meta.model_name
        record_audit_event(actor=staff_user(by), action=f"aid.{kind}.viewed", obj=obj, fields=names)

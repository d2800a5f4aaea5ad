"""A case's public page and the consent it rests on.

A page is published only while its case has a consent on record (`publish_page` refuses
otherwise); withdrawing any consent unpublishes the page in the same transaction, so the
page is gone on the next request. Publishing again needs a consent still current.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial

from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.accounts.services import record_audit_event

from .. import photos, selectors
from ..exceptions import CaseError, ConsentRequired
from ..models import Case, CasePage, Consent
from ._actors import Actor, staff_user

_CONTENT_FIELDS = (
    "case", "slug", "public_name", "headline", "story", "photo", "photo_description",
    "show_facility",
)  # fmt: skip


@db_transaction.atomic
def record_consent(
    *,
    case: Case,
    given_by: str,
    given_on: datetime.date,
    method: str,
    by: Actor,
    giver_name: str = "",
) -> Consent:
    """Write down that the person inside (or her family) agreed to a public page."""
    if given_by not in Consent.Giver.values or method not in Consent.Method.values:
        raise CaseError(_("Say who gave the consent and how."))
    if given_on > timezone.localdate():
        raise CaseError(_("A consent is recorded once it is given: the date is in the future."))
    consent = Consent.objects.create(
        case=case,
        given_by=given_by,
        giver_name=giver_name.strip(),
        given_on=given_on,
        method=method,
        recorded_by=staff_user(by),
    )
    record_audit_event(
        actor=staff_user(by),
        action="cases.consent.recorded",
        obj=consent,
        fields=["given_by", "giver_name", "given_on", "method"],
    )
    return consent


@db_transaction.atomic
def withdraw_consent(*, consent: Consent, by: Actor, on: datetime.date | None = None) -> Consent:
    """Record that a consent is withdrawn, and unpublish the case's page at once."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_on is None:
        locked.withdrawn_on = on or timezone.localdate()
        locked.withdrawn_recorded_by = staff_user(by)
        locked.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
        record_audit_event(
            actor=staff_user(by),
            action="cases.consent.withdrawn",
            obj=locked,
            fields=["withdrawn_on"],
        )
    page = CasePage.objects.filter(case_id=locked.case_id).first()
    if page is not None:
        unpublish_page(page=page, by=by)
    consent.withdrawn_on = locked.withdrawn_on
    consent.withdrawn_recorded_by = locked.withdrawn_recorded_by
    return consent


@db_transaction.atomic
def save_page(*, page: CasePage, changed: Iterable[str], by: Actor) -> CasePage:
    """Create or update a page's content; a new photo is stored re-encoded, without its
    metadata (where and with what it was taken)."""
    changed = list(changed)
    creating = page.pk is None
    old_photo = (
        ""
        if creating
        else CasePage.objects.filter(pk=page.pk).values_list("photo", flat=True).first() or ""
    )
    if "photo" in changed and page.photo and not getattr(page.photo, "_committed", True):
        copy = photos.clean_copy(page.photo.file)
        page.photo.save(copy.name or "photo.jpg", copy, save=False)
    if creating:
        page.save()
    else:
        # Whether it is published belongs to publish_page / unpublish_page: a form read
        # before a consent was withdrawn must not put the page back on the site.
        page.save(update_fields=[*_CONTENT_FIELDS, "updated_at"])
    if old_photo and old_photo != page.photo.name:
        # A replaced or removed photo leaves no copy behind on disk.
        storage = page.photo.storage
        db_transaction.on_commit(partial(storage.delete, old_photo))
    record_audit_event(
        actor=staff_user(by),
        action="cases.casepage.created" if creating else "cases.casepage.changed",
        obj=page,
        fields=changed,
    )
    return page


@db_transaction.atomic
def publish_page(*, page: CasePage, by: Actor) -> CasePage:
    """Put the page on the site; raises ConsentRequired when no consent is current."""
    locked = CasePage.objects.select_for_update().get(pk=page.pk)
    if not selectors.has_consent(locked.case_id):
        raise ConsentRequired(_("Record her (or her family's) consent before publishing the page."))
    if not locked.is_published:
        locked.is_published = True
        locked.published_at = timezone.now()
        locked.save(update_fields=["is_published", "published_at", "updated_at"])
        record_audit_event(
            actor=staff_user(by), action="cases.casepage.published", obj=locked,
            fields=["is_published"],
        )  # fmt: skip
    page.is_published, page.published_at = locked.is_published, locked.published_at
    return page


@db_transaction.atomic
def unpublish_page(*, page: CasePage, by: Actor) -> CasePage:
    """Take the page off the site (it stays, unpublished, for the organizers)."""
    locked = CasePage.objects.select_for_update().get(pk=page.pk)
    if locked.is_published:
        locked.is_published = False
        locked.save(update_fields=["is_published", "updated_at"])
        record_audit_event(
            actor=staff_user(by), action="cases.casepage.unpublished", obj=locked,
            fields=["is_published"],
        )  # fmt: skip
    page.is_published = False
    return page

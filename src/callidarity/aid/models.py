"""The support program: facilities and their vendors, the people inside whom the group
supports (members), the requests that bring them in, and their weekly support plans.

What could hurt a person inside if it leaked is encrypted at rest (EncryptedTextField):
names, ID numbers, notes, the family's contact details, the children's ZIP code. A person
is found by ID number through a keyed hash, never by the number itself. Nothing here asks
for charges, case facts, health or children's names (see the README's privacy section).
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from callidarity.core.encryption import EncryptedTextField, lookup_hash
from callidarity.core.models import TimeStampedModel
from callidarity.core.money import Money


class Agency(models.TextChoices):
    IDOC = "idoc", _("Illinois Department of Corrections")
    COOK_COUNTY = "cook_county", _("Cook County Department of Corrections")
    ICE = "ice", _("Immigration and Customs Enforcement")
    OTHER = "other", _("Other")


def id_number_hash(agency: str, id_number: str) -> str:
    """Return the keyed hash that finds a person by ID number at an agency ("" for none).

    Spaces, dashes and case are ignored, so "y-12345" and "Y12345" are one person.
    """
    normalized = re.sub(r"[\s\-.#]", "", id_number).upper()
    if not normalized:
        return ""
    return lookup_hash("aid.id_number", f"{agency}:{normalized}")


class DepositVendor(TimeStampedModel):
    """A company that takes deposits to people's trust accounts (GTL, JPay…)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    website = models.URLField(_("website"), blank=True)
    fees_checked_on = models.DateField(_("fees last checked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("deposit vendor")
        verbose_name_plural = _("deposit vendors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DepositFeeTier(models.Model):
    """The vendor's fee for a deposit of up to `up_to_cents` (and more than the tier below)."""

    vendor = models.ForeignKey(
        DepositVendor, verbose_name=_("vendor"), on_delete=models.CASCADE, related_name="tiers"
    )
    up_to_cents = models.PositiveIntegerField(_("deposits up to (cents)"))
    fee_cents = models.PositiveIntegerField(_("fee (cents)"))

    class Meta:
        verbose_name = _("fee tier")
        verbose_name_plural = _("fee tiers")
        ordering = ["vendor", "up_to_cents"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "up_to_cents"], name="aid_tier_unique"),
            models.CheckConstraint(condition=models.Q(up_to_cents__gt=0), name="aid_tier_pos"),
        ]

    def __str__(self) -> str:
        return f"≤ {self.up_to_cents} → {self.fee_cents}"


class Facility(TimeStampedModel):
    """A prison, jail or detention centre, with what it costs to reach someone there."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    agency = models.CharField(_("agency"), max_length=20, choices=Agency.choices)
    street = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2, default="IL")
    zip_code = models.CharField(_("ZIP code"), max_length=10)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone_vendor = models.CharField(_("phone vendor"), max_length=100, blank=True)
    # A price per minute, not an amount of money, so it may be a fraction of a cent (IDOC
    # calls are capped at 7¢ and often cost about 1¢); amounts from it round to whole cents.
    call_rate_cents_per_minute = models.DecimalField(
        _("call rate (cents per minute)"), max_digits=6, decimal_places=2, default=7
    )
    free_minutes_per_month = models.PositiveIntegerField(_("free minutes per month"), default=0)
    rates_checked_on = models.DateField(_("call rates last checked on"), null=True, blank=True)
    deposit_vendor = models.ForeignKey(
        DepositVendor,
        verbose_name=_("deposit vendor"),
        on_delete=models.PROTECT,
        related_name="facilities",
        null=True,
        blank=True,
    )
    # The most one person may be sent in a week (Cook County Jail: $100 of supplies and
    # $100 of food); empty when the facility sets none.
    weekly_limit_cents = models.PositiveIntegerField(
        _("weekly limit (cents)"), null=True, blank=True
    )
    # The most weeks one deposit may cover here (empty: DISBURSEMENT_MAX_WEEKS); some
    # places cap what an account may hold, and money sent ahead is at risk on a transfer.
    max_weeks_per_deposit = models.PositiveSmallIntegerField(
        _("most weeks one deposit may cover"), null=True, blank=True
    )
    limits_checked_on = models.DateField(_("limits last checked on"), null=True, blank=True)
    # How to address a letter; {name} and {id_number} are filled in for each person.
    mailing_address_format = models.TextField(_("mailing address format"), blank=True)
    address_checked_on = models.DateField(_("address last checked on"), null=True, blank=True)
    is_active = models.BooleanField(_("offered on the request form"), default=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Member(TimeStampedModel):
    """A person inside whom the group supports."""

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        TRANSFERRED = "transferred", _("Transferred")
        RELEASED = "released", _("Released")

    name = EncryptedTextField(_("name the group uses"))
    id_number = EncryptedTextField(_("ID number"), blank=True)
    # HMAC of agency + normalized ID number: finds her again without storing the number.
    id_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INTAKE
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    children_zip = EncryptedTextField(_("ZIP code where her children live"), blank=True)
    # Derived from the ZIP code and the facility when either changes, so the weekly run can
    # sort by distance without decrypting every row; rounded to whole miles.
    miles_from_children = models.PositiveIntegerField(null=True, blank=True, editable=False)
    has_visits = models.BooleanField(_("gets visits"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    # When she first asked (or was put on the list): the weekly run's last tie-breaker.
    waiting_since = models.DateField(_("waiting since"))

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_hash"],
                condition=~models.Q(id_hash=""),
                name="aid_member_unique_id",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: __str__ ends up in logs and admin history.
        return f"{_('Member')} #{self.pk}"

    def refresh_lookup_hashes(self) -> list[str]:
        """Recompute the ID hash from the plain values; return the fields it set."""
        self.id_hash = id_number_hash(self.facility.agency, self.id_number)
        return ["id_hash"]


class SupportRequest(TimeStampedModel):
    """Someone asks the group to support a person inside (a web form, a letter, a call)."""

    class Source(models.TextChoices):
        WEB = "web", _("Request form")
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone call")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waiting list")
        DECLINED = "declined", _("Declined")

    class Relationship(models.TextChoices):
        SELF = "self", _("It is for me (someone outside is helping me send this)")
        PARENT = "parent", _("Mother or father")
        CHILD = "child", _("Daughter or son")
        SIBLING = "sibling", _("Sister or brother")
        PARTNER = "partner", _("Partner")
        RELATIVE = "relative", _("Other family")
        FRIEND = "friend", _("Friend")
        ADVOCATE = "advocate", _("Advocate or organization")

    class Visits(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Not sure")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(_("came by"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    person_name = EncryptedTextField(_("name of the person inside"))
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        related_name="requests",
        null=True,
        blank=True,
    )
    # A facility not on the list, as the requester wrote it.
    facility_other = EncryptedTextField(_("other facility"), blank=True)
    wants_calls = models.BooleanField(_("phone calls"), default=False)
    wants_commissary = models.BooleanField(_("commissary"), default=False)
    visits = models.CharField(
        _("gets visits"), max_length=8, choices=Visits.choices, default=Visits.UNKNOWN
    )
    children_zip = EncryptedTextField(_("ZIP code where her children live"), blank=True)
    requester_name = EncryptedTextField(_("requester's name"), blank=True)
    relationship = models.CharField(
        _("relationship"), max_length=10, choices=Relationship.choices, blank=True
    )
    requester_email = EncryptedTextField(_("requester's email"), blank=True)
    requester_phone = EncryptedTextField(_("requester's phone"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    message = EncryptedTextField(_("anything else"), blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="requests",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Shown to the requester in the decision email: keep it kind and short.
    reason = models.TextField(_("reason"), blank=True)
    # The last status the requester was emailed about ("new" = that it arrived), so each
    # email goes out once however often its task runs.
    requester_told = models.CharField(max_length=10, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{_('Request')} #{self.pk}"

    @property
    def agency(self) -> str:
        return self.facility.agency if self.facility is not None else Agency.OTHER

    def refresh_lookup_hashes(self) -> list[str]:
        """Recompute the ID hash from the plain values; return the fields it set."""
        self.id_hash = id_number_hash(self.agency, self.id_number) if self.facility else ""
        return ["id_hash"]


class SupportPlan(TimeStampedModel):
    """A recurring amount for one member, paid from one fund (e.g. $15 a week for calls)."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone calls")
        COMMISSARY = "commissary", _("Commissary")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    weekly_cents = models.PositiveIntegerField(_("weekly amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    fund_account = models.ForeignKey(
        "ledger.Account",
        verbose_name=_("paid from fund"),
        on_delete=models.PROTECT,
        related_name="support_plans",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["member", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_cents__gt=0), name="aid_plan_weekly_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="aid_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def weekly(self) -> Money:
        return Money(self.weekly_cents, self.currency)


class DisbursementRun(TimeStampedModel):
    """One batch (usually a week) of deposits to members' accounts, paid from one fund."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        EXPORTED = "exported", _("Sent to the vendors")
        CLOSED = "closed", _("Closed")

    fund_account = models.ForeignKey(
        "ledger.Account",
        verbose_name=_("paid from fund"),
        on_delete=models.PROTECT,
        related_name="disbursement_runs",
    )
    # The week the run pays for, Monday to Sunday in local time.
    period_start = models.DateField(_("week of"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The fund's balance when the run was proposed, and the most it may spend.
    available_cents = models.BigIntegerField(_("available when proposed (cents)"))
    # Members left out for lack of money: [{"member_id", "rank", "needed_cents"}, …].
    left_out = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disbursement run")
        verbose_name_plural = _("disbursement runs")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund_account", "period_start"], name="aid_run_one_per_fund_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Run')} {self.period_start.isoformat()}"


class DisbursementLine(TimeStampedModel):
    """One proposed deposit for one member; only a confirmed line posts to the ledger."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        EXPORTED = "exported", _("Sent to the vendor")
        CONFIRMED = "confirmed", _("Confirmed")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        TRANSFERRED = "transferred", _("Transferred to another facility")
        RELEASED = "released", _("Released")
        ACCOUNT_BLOCKED = "blocked", _("Account blocked or not found")
        VENDOR_ERROR = "vendor", _("The vendor refused the deposit")
        OTHER = "other", _("Other")

    run = models.ForeignKey(
        DisbursementRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="lines"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="deposits"
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    # Her position in the run's priority order (1 = first served).
    rank = models.PositiveIntegerField(_("priority"))
    weeks = models.PositiveSmallIntegerField(_("weeks covered"))
    amount_cents = models.PositiveIntegerField(_("deposit (cents)"))
    # The part of the deposit meant for phone calls (for the calls-funded figure).
    phone_cents = models.PositiveIntegerField(default=0)
    fee_cents = models.PositiveIntegerField(_("vendor fee (cents)"))
    # What the same weeks would have cost in fees with a deposit every week: the saving
    # from planning is this less fee_cents.
    weekly_fee_cents = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="USD")
    covers_until = models.DateField(_("covers until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    confirmation_number = models.CharField(
        _("vendor confirmation number"), max_length=100, blank=True
    )
    failure = models.CharField(
        _("why it failed"), max_length=12, choices=Failure.choices, blank=True
    )
    failure_note = models.CharField(_("note"), max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "member"], name="aid_line_one_per_member"),
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0), name="aid_line_amount_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | ~models.Q(confirmation_number=""),
                name="aid_line_confirmed_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Deposit')} #{self.pk}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.currency)

    @property
    def fee(self) -> Money:
        return Money(self.fee_cents, self.currency)

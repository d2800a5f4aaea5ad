"""Donations and the payment-processor events that confirm them."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.core.models import TimeStampedModel
from callidarity.core.money import Money


class Donation(TimeStampedModel):
    class Status(models.TextChoices):
        # Moves only forward: pending → succeeded → partially_refunded → refunded;
        # pending → failed | expired.
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        REFUNDED = "refunded", _("Refunded")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    class Provider(models.TextChoices):
        STRIPE = "stripe", _("Stripe")
        SANDBOX = "sandbox", _("Sandbox (test mode)")
        OFFLINE = "offline", _("Offline")

    class Method(models.TextChoices):
        CARD = "card", _("Card")
        CASH = "cash", _("Cash")
        CHECK = "check", _("Check")
        MONEY_ORDER = "money_order", _("Money order")

    # The only id that leaves the server (URLs, processor metadata); never the pk.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # The fund the gift is restricted to (a campaign's fund or fund:general).
    fund_account = models.ForeignKey(
        "ledger.Account", verbose_name=_("fund"), on_delete=models.PROTECT, related_name="+"
    )
    donor = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="donations",
    )
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    # Cumulative refunded cents; never more than amount_cents.
    refunded_cents = models.PositiveBigIntegerField(_("refunded (cents)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.CARD
    )
    display_name = models.CharField(_("name shown"), max_length=100, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    message = models.CharField(_("message"), max_length=500, blank=True)
    # The language the donor used when giving (the page's language), so the receipt
    # speaks it; an organizer chooses it for an offline gift. Not kept on the Supporter:
    # a person may give once in Spanish and once in English.
    language = models.CharField(_("language"), max_length=10, default="en")

    checkout_session_id = models.CharField(
        _("checkout session"), max_length=255, null=True, blank=True, unique=True
    )
    # One donation per payment intent, whatever the number of events describing it.
    payment_intent_id = models.CharField(
        _("payment intent"), max_length=255, null=True, blank=True, unique=True
    )
    charge_id = models.CharField(_("charge"), max_length=255, blank=True)
    # A monthly gift's payment: its plan, and the invoice it pays (one gift per invoice).
    recurring = models.ForeignKey(
        "RecurringDonation",
        verbose_name=_("monthly gift"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    invoice_id = models.CharField(_("invoice"), max_length=255, null=True, blank=True, unique=True)
    # The part of amount_cents the donor added to cover the card fee.
    fee_cover_cents = models.PositiveBigIntegerField(_("of which fee cover (cents)"), default=0)
    # Where the sandbox checkout returns the donor (Stripe holds these for real checkouts).
    success_url = models.CharField(max_length=500, blank=True)
    cancel_url = models.CharField(max_length=500, blank=True)

    succeeded_at = models.DateTimeField(_("succeeded"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    reference = models.CharField(_("reference (check number)"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["fund_account", "status", "-succeeded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0), name="donations_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_cents__lte=models.F("amount_cents")),
                name="donations_refund_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.get_status_display()})"

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.currency)

    @property
    def refunded(self) -> Money:
        return Money(self.refunded_cents, self.currency)

    @property
    def net(self) -> Money:
        """Return what the group kept: the amount less what was refunded."""
        return Money(self.amount_cents - self.refunded_cents, self.currency)

    @property
    def given_on(self) -> date | None:
        """Return the gift's date: when an offline gift was received, else when it was paid."""
        if self.received_on is not None:
            return self.received_on
        return timezone.localdate(self.succeeded_at) if self.succeeded_at else None

    @property
    def public_name(self) -> str:
        """The name the public sees: the given name, or '' when anonymous or blank."""
        return "" if self.is_anonymous else self.display_name


class RecurringDonation(TimeStampedModel):
    """A monthly gift: the plan. Each month's payment is its own Donation.

    Stripe runs the schedule (a subscription); the sandbox simulates it. The donor cancels
    it alone from the signed link in every receipt, without an account.
    """

    class Status(models.TextChoices):
        # Moves only forward: pending → active → ended; pending → ended (never paid).
        PENDING = "pending", _("Waiting for the first payment")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    fund_account = models.ForeignKey(
        "ledger.Account", verbose_name=_("fund"), on_delete=models.PROTECT, related_name="+"
    )
    donor = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="recurring_donations",
    )
    # Each month's charge, fee cover included.
    amount_cents = models.PositiveBigIntegerField(_("monthly amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    fee_cover_cents = models.PositiveBigIntegerField(_("of which fee cover (cents)"), default=0)
    provider = models.CharField(_("provider"), max_length=10, choices=Donation.Provider.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    display_name = models.CharField(_("name shown"), max_length=100, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    message = models.CharField(_("message"), max_length=500, blank=True)
    checkout_session_id = models.CharField(
        _("checkout session"), max_length=255, null=True, blank=True, unique=True
    )
    subscription_id = models.CharField(
        _("subscription"), max_length=255, null=True, blank=True, unique=True
    )
    success_url = models.CharField(max_length=500, blank=True)
    cancel_url = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    failed_payments = models.PositiveIntegerField(_("failed payments"), default=0)
    last_failed_at = models.DateTimeField(_("last failed payment"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly gift")
        verbose_name_plural = _("monthly gifts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0), name="donations_recurring_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return _("%(amount)s a month (%(status)s)") % {
            "amount": self.amount,
            "status": self.get_status_display(),
        }

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.currency)

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED


class Receipt(models.Model):
    """The receipt of one succeeded gift: issued once, numbered for good.

    Its number comes from the primary key, which the database never hands out twice
    (PostgreSQL sequences and SQLite AUTOINCREMENT both skip values rather than reuse
    them), so numbers never repeat and may have gaps. The year in front is the local year
    the receipt was issued, for the reader; the digits alone are unique.
    """

    donation = models.OneToOneField(
        Donation, verbose_name=_("donation"), on_delete=models.PROTECT, related_name="receipt"
    )
    issued_at = models.DateTimeField(_("issued"))
    # The local year at issue, kept so the number never changes with TIME_ZONE.
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """Return the receipt number, e.g. '2026-000123'."""
        return f"{self.year}-{self.pk:06d}"


class StripeEvent(models.Model):
    """A Stripe event processed once: its id is unique, so a redelivery changes nothing."""

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    livemode = models.BooleanField(default=False)
    # The object the event describes, kept for audit and replays.
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

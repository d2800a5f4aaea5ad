"""The double-entry ledger: accounts, transactions and their entries.

Amounts are signed integer cents: debit positive, credit negative. The entries of a
transaction sum to zero. `Account.balance_cents` is the running sum of the account's
entries, maintained by `services.post()` under a row lock, so a balance read is one row
however long the history; `verify_ledger` recomputes it from the entries.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from callidarity.core.money import Money

from .exceptions import ImmutableEntry


class Account(models.Model):
    class Kind(models.TextChoices):
        ASSET = "asset", _("Asset (debit-normal)")
        FUND = "fund", _("Fund (credit-normal, never below zero)")

    # e.g. "assets:processor", "assets:bank", "fund:general", "fund:callidarity"
    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    # Sum of this account's entries in cents (debit positive). Written only by post().
    balance_cents = models.BigIntegerField(_("raw balance (cents)"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_fund(self) -> bool:
        return self.kind == self.Kind.FUND

    @property
    def normal_balance(self) -> Money:
        """The balance on the account's normal side: what a fund holds, what an asset is."""
        sign = -1 if self.is_fund else 1
        return Money(sign * self.balance_cents, self.currency)


class TransactionQuerySet(models.QuerySet["Transaction"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableEntry("Ledger transactions cannot be changed; post a reversal.")

    def delete(self) -> NoReturn:
        raise ImmutableEntry("Ledger transactions cannot be deleted; post a reversal.")


class Transaction(models.Model):
    class Kind(models.TextChoices):
        GIFT = "gift", _("Gift (card)")
        OFFLINE_GIFT = "offline_gift", _("Gift (offline)")
        PROCESSOR_FEE = "processor_fee", _("Processor fee")
        REFUND = "refund", _("Refund")
        PAYOUT = "payout", _("Payout")
        DISBURSEMENT = "disbursement", _("Disbursement")
        VENDOR_FEE = "vendor_fee", _("Vendor fee")
        TRANSFER = "transfer", _("Transfer")
        ADJUSTMENT = "adjustment", _("Adjustment")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A repeated key returns the first transaction instead of posting twice.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    occurred_at = models.DateTimeField(_("occurred"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Set on a reversal (refund or correction): the transaction it undoes, wholly or in part.
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversals",
    )

    objects = TransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableEntry("Ledger transactions cannot be changed; post a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableEntry("Ledger transactions cannot be deleted; post a reversal.")


class EntryQuerySet(models.QuerySet["Entry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableEntry("Ledger entries are append-only; post a reversal.")

    def delete(self) -> NoReturn:
        raise ImmutableEntry("Ledger entries are append-only; post a reversal.")


class Entry(models.Model):
    transaction = models.ForeignKey(
        Transaction, verbose_name=_("transaction"), on_delete=models.PROTECT, related_name="entries"
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="entries"
    )
    # Signed cents: debit positive, credit negative. Never zero.
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount_cents=0), name="ledger_entry_amount_nonzero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount_cents:+d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableEntry("Ledger entries are append-only; post a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableEntry("Ledger entries are append-only; post a reversal.")

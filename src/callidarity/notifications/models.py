"""One row per email a message is sent to: the record that it is never sent twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Status(models.TextChoices):
        # pending → sending → sent | failed | skipped; failed → pending when an organizer retries.
        # A row left in `sending` by a crashed worker is never sent again: at most once.
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Queued, then the person asked to stop before it went out: never sent.
        SKIPPED = "skipped", _("Not sent (unsubscribed)")

    # What is sent, e.g. "update:17"; with the address, unique: one delivery per person.
    key = models.CharField(_("message"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)  # lower-cased
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["key", "email"], name="notifications_once_per_email"),
        ]
        indexes = [models.Index(fields=["key", "status", "id"], name="notifications_by_status")]

    def __str__(self) -> str:
        return f"{self.key} → {self.email}"

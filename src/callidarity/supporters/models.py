"""Supporters: people outside who give, follow, sign, call or RSVP. One row per email."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from callidarity.core.models import TimeStampedModel


class Supporter(TimeStampedModel):
    # Stored as given (trimmed); unique case-insensitively, so Ana@x.org is ana@x.org.
    email = models.EmailField(_("email"), max_length=254)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="supporters_unique_email_ci"),
        ]

    def __str__(self) -> str:
        return self.email

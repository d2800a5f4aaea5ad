"""The audit log: who created, changed or looked at a record of a person, and when.

It names fields, never their values, so the log itself holds nothing that could hurt
anyone. It is append-only: the model and its queryset refuse updates and deletes, and
database triggers refuse them too (migration 0002).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import AuditLogIsAppendOnly

_REFUSAL = "The audit log is append-only."


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly(_REFUSAL)

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly(_REFUSAL)


class AuditEvent(models.Model):
    # Null is the public (an anonymous intake form). PROTECT: staff who left are
    # deactivated, never deleted, so their trail stays readable.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Dotted and past tense: "aid.member.viewed", "aid.request.approved".
    action = models.CharField(_("action"), max_length=80)
    # The record's model as "app_label.model_name" and its primary key as text (ints, UUIDs).
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64)
    # Names of the fields created, changed or shown; never their values.
    fields = models.JSONField(_("fields"), default=list, blank=True)
    # A keyed hash of the client's address, to tie events from one place together.
    ip_hash = models.CharField(_("address hash"), max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="accounts_audit_object"),
            models.Index(fields=["actor", "at"], name="accounts_audit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly(_REFUSAL)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly(_REFUSAL)

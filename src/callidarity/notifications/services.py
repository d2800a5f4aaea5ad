"""Sending one message to many people, each exactly once, in batches.

A message has a key ("update:17"). `queue_deliveries` records one pending `Delivery` per
address (the unique key and address make a repeat add nothing); `claim_batch` hands a
batch of pending ones to one sender (marked `sending` first, so no other worker takes
them); `send_batch` sends them over one SMTP connection and records each as sent or
failed. A failing address is recorded and the batch goes on. What a crashed sender left
in `sending` is never sent again: at most once, as a person expects of a mailing list.
"""

from __future__ import annotations

import functools
import logging
import smtplib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import sanitize_address
from django.db import transaction as db_transaction
from django.utils import timezone

from .models import Delivery

logger = logging.getLogger(__name__)

# What can go wrong talking to the mail server: protocol errors and network errors.
_SEND_ERRORS = (smtplib.SMTPException, OSError)


@dataclass(frozen=True)
class BatchResult:
    sent: int
    failed: int


def _chunks(items: Iterable[Delivery], size: int) -> Iterator[list[Delivery]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def queue_deliveries(
    *, key: str, recipients: Iterable[tuple[str, str]], chunk_size: int = 2000
) -> int:
    """Record a pending delivery of `key` for each (email, language); return how many are new.

    Addresses already recorded for this key (in any state) are left alone, so queueing
    the same message again adds only the people who were not there before.
    """
    before = Delivery.objects.filter(key=key).count()
    rows = (
        Delivery(key=key, email=email.strip().lower(), language=language)
        for email, language in recipients
    )
    for chunk in _chunks(rows, chunk_size):
        Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
    return Delivery.objects.filter(key=key).count() - before


def claim_batch(*, key: str, size: int) -> list[Delivery]:
    """Take up to `size` pending deliveries of `key` for this sender alone."""
    with db_transaction.atomic():
        # SKIP LOCKED on PostgreSQL lets several workers claim side by side; SQLite's
        # IMMEDIATE transactions already take turns.
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(key=key, status=Delivery.Status.PENDING)
            .order_by("id")
            .values_list("id", flat=True)[:size]
        )
        if not ids:
            return []
        Delivery.objects.filter(id__in=ids).update(status=Delivery.Status.SENDING)
    return list(Delivery.objects.filter(id__in=ids).order_by("id"))


def send_batch(
    deliveries: list[Delivery], compose: Callable[[Delivery], EmailMessage]
) -> BatchResult:
    """Send each claimed delivery's message over one connection; record sent or failed."""
    sent: list[int] = []
    failed: dict[int, str] = {}
    connection = get_connection()
    try:
        connection.open()
    except _SEND_ERRORS as exc:
        logger.warning("notifications.connect_failed", extra={"error": type(exc).__name__})
        failed = {d.pk: _describe(exc) for d in deliveries}
    else:
        try:
            for delivery in deliveries:
                try:
                    _send_one(connection, compose(delivery))
                except smtplib.SMTPServerDisconnected as exc:
                    failed[delivery.pk] = _describe(exc)
                    connection.close()
                    connection.open()  # for the next message; raises if the server is gone
                except _SEND_ERRORS as exc:
                    failed[delivery.pk] = _describe(exc)
                else:
                    sent.append(delivery.pk)
        except _SEND_ERRORS as exc:  # could not reconnect: the rest of the batch fails
            for delivery in deliveries:
                if delivery.pk not in sent and delivery.pk not in failed:
                    failed[delivery.pk] = _describe(exc)
        finally:
            connection.close()
    _record(sent, failed)
    if failed:
        logger.warning("notifications.batch.failures", extra={"failed": len(failed)})
    return BatchResult(sent=len(sent), failed=len(failed))


def _send_one(connection: BaseEmailBackend, message: EmailMessage) -> None:
    """Send one message: its prepared bytes straight over SMTP when it has them."""
    raw = getattr(message, "raw", None)
    smtp = getattr(connection, "connection", None)  # Django's SMTP backend, once open
    if raw is not None and isinstance(smtp, smtplib.SMTP):
        # Prepared copies have plain ASCII addresses (see notifications.mail).
        smtp.sendmail(_envelope_sender(message.from_email), message.recipients(), raw)
        return
    connection.send_messages([message])


@functools.lru_cache(maxsize=8)
def _envelope_sender(from_email: str) -> str:
    return sanitize_address(from_email, "utf-8")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _record(sent: list[int], failed: dict[int, str]) -> None:
    now = timezone.now()
    with db_transaction.atomic():
        if sent:
            Delivery.objects.filter(id__in=sent).update(status=Delivery.Status.SENT, sent_at=now)
        by_error: dict[str, list[int]] = {}
        for pk, error in failed.items():
            by_error.setdefault(error, []).append(pk)
        for error, ids in by_error.items():
            Delivery.objects.filter(id__in=ids).update(status=Delivery.Status.FAILED, error=error)


def skip_deliveries(ids: list[int]) -> int:
    """Record claimed deliveries as not to be sent (the person unsubscribed meanwhile)."""
    return Delivery.objects.filter(id__in=ids, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.SKIPPED
    )


def retry_failed(*, key: str) -> int:
    """Put the failed deliveries of `key` back in the queue; return how many."""
    return Delivery.objects.filter(key=key, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, error=""
    )

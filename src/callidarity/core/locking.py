"""Row locks taken in primary-key order, so two writers never wait on each other in a cycle."""

from collections.abc import Iterable
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def lock_in_pk_order(queryset: models.QuerySet[M], pks: Iterable[int]) -> dict[int, M]:
    """Lock the rows with these primary keys (in ascending order) and return them by pk.

    Must run inside a transaction. On SQLite (no row locks) the IMMEDIATE transaction
    already serializes writers; on PostgreSQL this is SELECT … ORDER BY id FOR UPDATE.
    """
    wanted = sorted(set(pks))
    rows = queryset.select_for_update().filter(pk__in=wanted).order_by("pk")
    return {row.pk: row for row in rows}

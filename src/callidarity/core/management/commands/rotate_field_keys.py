"""Re-encrypt every encrypted field with the first key, and recompute the lookup hashes."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction as db_transaction

from callidarity.core.encryption import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key in FIELD_ENCRYPTION_KEYS and "
        "recompute lookup hashes with FIELD_HASH_KEY. Run it after putting a new key first; "
        "afterwards the old keys can be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            count = 0
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                with db_transaction.atomic():
                    rows = model._default_manager.filter(pk__in=pks[start : start + BATCH])
                    for row in rows.select_for_update():
                        # Reading decrypted with any key; writing seals with the first.
                        values = {name: getattr(row, name) for name in fields}
                        refresh = getattr(row, "refresh_lookup_hashes", None)
                        if refresh is not None:
                            values.update({name: getattr(row, name) for name in refresh()})
                        model._default_manager.filter(pk=row.pk).update(**values)
                        count += 1
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")

"""Open the accounts every install needs, and make entries append-only in PostgreSQL too."""

from django.conf import settings
from django.db import migrations

STANDARD = [
    ("assets:processor", "Card processor (Stripe) balance", "asset"),
    ("assets:bank", "Bank account", "asset"),
    ("assets:cash", "Cash on hand", "asset"),
    ("fund:general", "General fund (unrestricted)", "fund"),
]

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only; post a reversal';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_append_only
  BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();
"""
SQLITE_SQL = [
    "CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only; post a reversal'); END;",
    "CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only; post a reversal'); END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_update;",
    "DROP TRIGGER IF EXISTS ledger_entry_no_delete;",
]
DROP_SQL = """
DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_entry_append_only();
"""


def open_standard_accounts(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    for code, name, kind in STANDARD:
        Account.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "currency": settings.DEFAULT_CURRENCY},
        )


def add_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)
    elif vendor == "sqlite":
        for statement in SQLITE_SQL:
            schema_editor.execute(statement)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DROP_SQL)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(open_standard_accounts, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]

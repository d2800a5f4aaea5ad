"""Open the accounts every install needs; make transactions and entries append-only in the DB."""

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
CREATE TRIGGER ledger_transaction_append_only
  BEFORE UPDATE OR DELETE ON ledger_transaction
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();
"""
# SQLite refuses updates only: Django's `flush` (tests, `callidarity flush`) empties tables
# with DELETE there, while PostgreSQL's TRUNCATE fires no row trigger. Deletes are still
# refused by the models and by the PROTECT foreign keys.
SQLITE_SQL = [
    "CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only; post a reversal'); END;",
    "CREATE TRIGGER ledger_transaction_no_update BEFORE UPDATE ON ledger_transaction "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only; post a reversal'); END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_update;",
    "DROP TRIGGER IF EXISTS ledger_transaction_no_update;",
]
DROP_SQL = """
DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry;
DROP TRIGGER IF EXISTS ledger_transaction_append_only ON ledger_transaction;
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

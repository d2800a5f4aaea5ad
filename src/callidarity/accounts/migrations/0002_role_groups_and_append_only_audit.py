"""Create a group for each staff role; make the audit log append-only in the database."""

from django.db import migrations

ROLES = ["organizer", "caseworker", "treasurer", "moderator"]

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION accounts_auditevent_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditevent_append_only
  BEFORE UPDATE OR DELETE ON accounts_auditevent
  FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION IF EXISTS accounts_auditevent_append_only();
"""
# As for the ledger (ledger/migrations/0002): SQLite refuses updates only, because Django's
# `flush` (tests, `callidarity flush`) empties tables with DELETE there, while PostgreSQL's
# TRUNCATE fires no row trigger. The model and its queryset refuse deletes on both.
SQLITE_SQL = (
    "CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
)
SQLITE_DROP = "DROP TRIGGER IF EXISTS accounts_auditevent_no_update;"


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def add_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_SQL)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DROP_SQL)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Groups are kept on the way back: people may belong to them.
    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]

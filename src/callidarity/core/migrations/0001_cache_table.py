"""Create the shared cache's table (CACHE_URL=db://, the default) with the schema.

Rate limits and page caches live there; without the table every public form would fail,
so `migrate` makes it rather than relying on a separate `createcachetable` step.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

# The next step is free text about her case: encrypted at rest, like the status note.
# The column becomes text first (the sealed value is longer than 200 characters), then
# each stored next step is sealed; going back opens them again.

import callidarity.core.encryption
import django.core.validators
from django.db import migrations

from callidarity.core.encryption import decrypt, encrypt


def _rewrite(schema_editor, change):
    connection = schema_editor.connection
    table = connection.ops.quote_name("cases_case")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, next_step FROM {table} WHERE next_step <> ''")
        rows = cursor.fetchall()
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {table} SET next_step = %s WHERE id = %s", [change(value), pk]
            )


def seal(apps, schema_editor):
    _rewrite(schema_editor, encrypt)


def unseal(apps, schema_editor):
    _rewrite(schema_editor, decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='next_step',
            field=callidarity.core.encryption.EncryptedTextField(blank=True, max_length=200, validators=[django.core.validators.MaxLengthValidator(200)], verbose_name='next step'),
        ),
        migrations.RunPython(seal, unseal),
    ]

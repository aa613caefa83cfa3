"""ProviderAccount.signing_key is stored encrypted (Fernet, propdesk.core.crypto).

Existing plain keys are kept: the column becomes text, each key is encrypted in place,
then the field is declared encrypted. Backwards decrypts them again.
"""

from django.db import migrations, models

import propdesk.core.crypto


def encrypt_keys(apps, schema_editor):
    from propdesk.core.crypto import encrypt

    conn = schema_editor.connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT id, signing_key FROM billing_provideraccount")
        for pk, key in cursor.fetchall():
            if key and not key.startswith("gAAAAA"):
                cursor.execute(
                    "UPDATE billing_provideraccount SET signing_key = %s WHERE id = %s", [encrypt(key), pk]
                )


def decrypt_keys(apps, schema_editor):
    from propdesk.core.crypto import decrypt

    conn = schema_editor.connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT id, signing_key FROM billing_provideraccount")
        for pk, key in cursor.fetchall():
            if key and key.startswith("gAAAAA"):
                cursor.execute(
                    "UPDATE billing_provideraccount SET signing_key = %s WHERE id = %s", [decrypt(key), pk]
                )


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_dunning_and_notices")]

    operations = [
        migrations.AlterField(
            model_name="provideraccount",
            name="signing_key",
            field=models.TextField(verbose_name="signing key"),
        ),
        migrations.RunPython(encrypt_keys, decrypt_keys),
        migrations.AlterField(
            model_name="provideraccount",
            name="signing_key",
            field=propdesk.core.crypto.EncryptedTextField(help_text="Stored encrypted.", verbose_name="signing key"),
        ),
    ]

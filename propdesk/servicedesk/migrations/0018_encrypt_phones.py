"""A request's contact phone is encrypted, in its history too (issue 17, item 13); backwards decrypts it."""

from django.db import migrations

import propdesk.core.crypto
from propdesk.core.phone_migration import PhoneTable, encrypt_phones


# SQLite rebuilds servicedesk_servicerequest to change the column, and refuses to drop the old table
# while the KPI triggers of callbacks and complaints name it: dropped first and put back after (as 0012).
def drop_sqlite_triggers(apps, schema_editor):
    from propdesk.servicedesk import kpi_triggers

    if schema_editor.connection.vendor == "sqlite":
        kpi_triggers.drop(schema_editor.connection)


def install_sqlite_triggers(apps, schema_editor):
    from propdesk.servicedesk import kpi_triggers

    if schema_editor.connection.vendor == "sqlite":
        kpi_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0017_kpi_targets_as_data"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, install_sqlite_triggers),
        migrations.AlterField(
            model_name="historicalservicerequest",
            name="reporter_phone",
            field=propdesk.core.crypto.EncryptedPhoneField(blank=True, verbose_name="contact phone"),
        ),
        migrations.AlterField(
            model_name="servicerequest",
            name="reporter_phone",
            field=propdesk.core.crypto.EncryptedPhoneField(blank=True, verbose_name="contact phone"),
        ),
        encrypt_phones(
            PhoneTable("servicedesk_servicerequest", ("reporter_phone",)),
            PhoneTable("servicedesk_historicalservicerequest", ("reporter_phone",), pk="history_id"),
        ),
        migrations.RunPython(install_sqlite_triggers, drop_sqlite_triggers),
    ]

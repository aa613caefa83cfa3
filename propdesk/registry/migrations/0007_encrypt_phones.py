"""Parties' mobiles and landlines and emergency contacts' phones are encrypted, in their history
tables too, and the parties get two blind indexes: the whole mobile and its last four digits (issue 17,
item 13). The clear `phone_last4` column goes in 0008. Backwards decrypts them (and 0008's backwards
has put `phone_last4` back, so it is refilled here)."""

from django.db import migrations

import propdesk.core.crypto
from propdesk.core.phone_migration import PhoneTable, encrypt_phones

PARTY_INDEXES = {"phone_index": ("phone", 0), "phone_last4_index": ("phone", 4)}


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_natural_sort_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalparty",
            name="phone_index",
            field=propdesk.core.crypto.PhoneIndexField(db_index=True, last=0, source="phone"),
        ),
        migrations.AddField(
            model_name="historicalparty",
            name="phone_last4_index",
            field=propdesk.core.crypto.PhoneIndexField(db_index=True, last=4, source="phone"),
        ),
        migrations.AddField(
            model_name="party",
            name="phone_index",
            field=propdesk.core.crypto.PhoneIndexField(db_index=True, last=0, source="phone"),
        ),
        migrations.AddField(
            model_name="party",
            name="phone_last4_index",
            field=propdesk.core.crypto.PhoneIndexField(db_index=True, last=4, source="phone"),
        ),
        migrations.AlterField(
            model_name="emergencycontact",
            name="phone",
            field=propdesk.core.crypto.EncryptedPhoneField(verbose_name="phone"),
        ),
        migrations.AlterField(
            model_name="historicalemergencycontact",
            name="phone",
            field=propdesk.core.crypto.EncryptedPhoneField(verbose_name="phone"),
        ),
        migrations.AlterField(
            model_name="historicalparty",
            name="landline",
            field=propdesk.core.crypto.EncryptedPhoneField(blank=True, verbose_name="landline"),
        ),
        migrations.AlterField(
            model_name="historicalparty",
            name="phone",
            field=propdesk.core.crypto.EncryptedPhoneField(blank=True, verbose_name="mobile phone"),
        ),
        migrations.AlterField(
            model_name="party",
            name="landline",
            field=propdesk.core.crypto.EncryptedPhoneField(blank=True, verbose_name="landline"),
        ),
        migrations.AlterField(
            model_name="party",
            name="phone",
            field=propdesk.core.crypto.EncryptedPhoneField(blank=True, verbose_name="mobile phone"),
        ),
        encrypt_phones(
            PhoneTable(
                "registry_party",
                ("phone", "landline"),
                indexes=PARTY_INDEXES,
                clear_last4={"phone_last4": "phone"},
            ),
            PhoneTable(
                "registry_historicalparty",
                ("phone", "landline"),
                pk="history_id",
                indexes=PARTY_INDEXES,
                clear_last4={"phone_last4": "phone"},
            ),
            PhoneTable("registry_emergencycontact", ("phone",)),
            PhoneTable("registry_historicalemergencycontact", ("phone",), pk="history_id"),
        ),
    ]

"""A user's mobile number is encrypted (issue 17, item 13); backwards decrypts it."""

from django.db import migrations

import propdesk.core.crypto
from propdesk.core.phone_migration import PhoneTable, encrypt_phones


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_position_work_order_scope"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=propdesk.core.crypto.EncryptedPhoneField(blank=True, verbose_name="mobile phone"),
        ),
        encrypt_phones(
            PhoneTable("core_user", ("phone",)),
        ),
    ]

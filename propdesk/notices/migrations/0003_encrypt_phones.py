"""The SMS sandbox's numbers are encrypted, with a blind index (issue 17, item 13); backwards decrypts them."""

from django.db import migrations

import propdesk.core.crypto
from propdesk.core.phone_migration import PhoneTable, encrypt_phones


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_wecom_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="smsoutbox",
            name="phone_index",
            field=propdesk.core.crypto.PhoneIndexField(db_index=True, last=0, source="phone"),
        ),
        migrations.AlterField(
            model_name="smsoutbox",
            name="phone",
            field=propdesk.core.crypto.EncryptedPhoneField(verbose_name="phone"),
        ),
        encrypt_phones(
            PhoneTable("notices_smsoutbox", ("phone",), indexes={"phone_index": ("phone", 0)}),
        ),
    ]

"""The numbers activation codes were asked for are encrypted, with a blind index (issue 17, item 13);
backwards decrypts them."""

from django.db import migrations

import propdesk.core.crypto
from propdesk.core.phone_migration import PhoneTable, encrypt_phones


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="activationcode",
            name="phone_index",
            field=propdesk.core.crypto.PhoneIndexField(db_index=True, last=0, source="phone"),
        ),
        migrations.AlterField(
            model_name="activationcode",
            name="phone",
            field=propdesk.core.crypto.EncryptedPhoneField(verbose_name="mobile phone"),
        ),
        encrypt_phones(
            PhoneTable("portal_activationcode", ("phone",), indexes={"phone_index": ("phone", 0)}),
        ),
    ]

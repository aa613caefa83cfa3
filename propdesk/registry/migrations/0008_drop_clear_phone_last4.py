"""The clear last four digits of a party's mobile go: the last-four search uses the blind index
`phone_last4_index` (0007). Backwards adds the column back empty; 0007's backwards refills it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_encrypt_phones")]

    operations = [
        migrations.RemoveField(
            model_name="historicalparty",
            name="phone_last4",
        ),
        migrations.RemoveField(
            model_name="party",
            name="phone_last4",
        ),
    ]

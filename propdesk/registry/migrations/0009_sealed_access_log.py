"""The personal-data access log is sealed like the money rows (issue 17 item 11): never changed,
deleted or truncated (`core.triggers.sealed`), and hash-chained (`core.chains`)."""

from django.db import migrations

from propdesk.core.triggers import sealed


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_drop_clear_phone_last4")]

    operations = [sealed({"registry_personaldataaccess": ()})]

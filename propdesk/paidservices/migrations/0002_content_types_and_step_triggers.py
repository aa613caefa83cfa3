"""Paid services' content types follow their models from billing, and their steps become immutable.

1. The content types of the moved models change their app label from `billing` to `paidservices`
   (same rows, same ids), so their permissions — and every position that holds one — follow, and
   history and admin log rows still point at the right model. A fresh database has no such rows
   yet: post_migrate creates them under `paidservices`.
2. `billing_specialservicestep` (the orders' append-only record) refuses UPDATE and DELETE in the
   database, as every other status-event table does (`core.triggers.immutable`).
"""

from django.db import migrations

from propdesk.core.triggers import immutable

MODELS = [
    "serviceitem",
    "serviceitemprice",
    "specialserviceorder",
    "specialserviceline",
    "specialservicestep",
    "specialservicesummary",
    "historicalserviceitem",
    "historicalserviceitemprice",
    "historicalspecialserviceorder",
    "historicalspecialserviceline",
]


def move_content_types(old: str, new: str):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MODELS:
            moving = ContentType.objects.using(db).filter(app_label=old, model=model).first()
            if moving is None:
                continue
            # A row already made under the new label (post_migrate of a partial run) holds no grants
            # of its own: the old row, with the positions' grants, wins.
            ContentType.objects.using(db).filter(app_label=new, model=model).delete()
            moving.app_label = new
            moving.save(update_fields=["app_label"])
        ContentType.objects.clear_cache()

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("paidservices", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            move_content_types("billing", "paidservices"), move_content_types("paidservices", "billing")
        ),
        immutable(["billing_specialservicestep"]),
    ]

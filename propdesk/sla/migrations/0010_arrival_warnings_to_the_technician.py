"""The arrival clock's warning and breach steps also go to the technician on the order (issue 18)."""

from django.db import migrations


def add_assignee(apps, schema_editor):
    EscalationStep = apps.get_model("sla", "EscalationStep")
    for step in EscalationStep.objects.filter(target__code="arrive", recipients__contains="holder"):
        names = [n for n in step.recipients.split(",") if n]
        if "assignee" not in names:
            step.recipients = ",".join(["assignee", *names])
            step.save(update_fields=["recipients"])


class Migration(migrations.Migration):
    dependencies = [("sla", "0009_clock_assignee")]

    operations = [migrations.RunPython(add_assignee, migrations.RunPython.noop)]

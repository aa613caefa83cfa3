"""Issue 16, item 3 (seed 003 接修流程): configuration is data, so existing projects get it here.

- Every repair policy gets the intake → dispatch target (接报修后派工: received → dispatched, 20 wall-clock
  minutes, the calendar of its arrival target), unless it has one.
- The arrival target's seeded warning and breach steps go to the technician and his supervisor instead
  of the request's holder (the front desk). Steps an administrator changed are left as they are.
"""

from django.db import migrations
from django.db.models import F

OLD_ARRIVAL = {"assignee,holder", "assignee,holder,department_head"}
NEW_ARRIVAL = "assignee,assignee_supervisor"
DISPATCH_LADDER = [
    # trigger, value, recipients, warning
    ("before_due", 5, "holder,department_head", True),
    ("after_due", 0, "holder,department_head,cs_supervisor", False),
]


def forwards(apps, schema_editor):
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    SlaTarget = apps.get_model("sla", "SlaTarget")
    EscalationStep = apps.get_model("sla", "EscalationStep")
    touched = set()
    for step in EscalationStep.objects.filter(target__code="arrive", recipients__in=OLD_ARRIVAL):
        step.recipients = NEW_ARRIVAL
        step.save(update_fields=["recipients"])
        touched.add(step.target.policy_id)
    for policy in SlaPolicy.objects.filter(subject_kind="repair"):
        targets = {t.code: t for t in SlaTarget.objects.filter(policy=policy)}
        arrive = targets.get("arrive")
        if "dispatch" in targets or arrive is None or arrive.start_event != "dispatched":
            continue
        target = SlaTarget.objects.create(
            project_id=policy.project_id,
            policy=policy,
            code="dispatch",
            name="接报修后派工",
            start_event="received",
            stop_event="dispatched",
            cancel_events=arrive.cancel_events,
            rule="wall_minutes",
            value=20,
            calendar_id=arrive.calendar_id,
            pausable=False,
            continuous=False,
        )
        EscalationStep.objects.bulk_create(
            [
                EscalationStep(
                    project_id=policy.project_id,
                    target=target,
                    trigger=trigger,
                    value=value,
                    max_occurrences=1,
                    recipients=recipients,
                    channels="in_app",
                    is_warning=warning,
                )
                for trigger, value, recipients, warning in DISPATCH_LADDER
            ]
        )
        touched.add(policy.pk)
    # Cached targets are keyed by the policy's version: every process re-reads the changed ones.
    SlaPolicy.objects.filter(pk__in=touched).update(version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [("sla", "0011_clock_pending_kept_pauses_dispatch_target")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

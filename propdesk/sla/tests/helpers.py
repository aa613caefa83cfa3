import datetime as dt
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=SH)


def sample_clock(world):
    """A running repair-arrival clock on project A's unit 3-2-1501."""
    from propdesk.sla.defaults import load_sla_defaults
    from propdesk.sla.models import SlaClock
    from propdesk.sla.services import record_event

    load_sla_defaults(project=world.project)
    existing = SlaClock.objects.for_subject(world.unit).first()
    if existing:
        return existing
    record_event(
        subject=world.unit,
        event="dispatched",
        at=at(2026, 3, 10, 9, 0),
        actor=world.dispatcher,
        attrs={"kind": "repair", "repair_class": "general"},
        holder=world.technician,
        assignee=world.technician,  # the dispatched technician: the arrival clock is his duty
    )
    return SlaClock.objects.for_subject(world.unit).get(code="arrive")

"""Seed SLA configuration (design/SLA.md "Seed defaults", SPEC §2.5) and default permissions.

`load_sla_defaults(project=...)` creates what is missing and never overwrites an
administrator's edits: a calendar or policy that exists by name is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from propdesk.core.audit import acting_as

from .choices import CalendarKind, Channel, Event, Recipient, Rule, TargetCode, Trigger
from .models import Calendar, CalendarInterval, EscalationStep, SlaPolicy, SlaTarget

_VIEWERS = {
    "frontdesk_assistant",
    "butler",
    "records_assistant",
    "cs_supervisor",
    "center_director",
    "dispatcher",
    "technician",
    "engineering_supervisor",
    "security_supervisor",
    "general_manager",
    "company_admin",
}
_CONFIGURERS = {"center_director", "company_admin", "general_manager"}

DEFAULT_PERMISSIONS: dict[str, set[str]] = {code: {"sla.view_slaclock"} for code in _VIEWERS}
for _code in (
    "cs_supervisor",
    "engineering_supervisor",
    "center_director",
    "general_manager",
    "company_admin",
):
    DEFAULT_PERMISSIONS[_code] |= {"sla.view_breach", "sla.view_calendar"}
for _code in _CONFIGURERS:
    DEFAULT_PERMISSIONS[_code] |= {
        f"sla.{action}_{model}"
        for action in ("add", "change", "view")
        for model in (
            "calendar",
            "calendarinterval",
            "calendarexception",
            "slapolicy",
            "slatarget",
            "escalationstep",
        )
    } | {"sla.add_breachexcuse"}

BUSINESS_CALENDAR = "工作日历"
ALWAYS_CALENDAR = "全天候（24小时）"
# 08:30–12:00 and 13:30–18:00, Monday to Friday: the service center's office hours with a lunch break.
WORKING_HOURS = ((dt.time(8, 30), dt.time(12, 0)), (dt.time(13, 30), dt.time(18, 0)))

WAIT_ON_OWNER = "业主不在家,等待配件,业主要求改期"
HOLDER, ASSIGNEE, SUPERVISOR, HEAD, CS, DIRECTOR = (
    Recipient.HOLDER,
    Recipient.ASSIGNEE,
    Recipient.ASSIGNEE_SUPERVISOR,
    Recipient.DEPARTMENT_HEAD,
    Recipient.CS_SUPERVISOR,
    Recipient.CENTER_DIRECTOR,
)

# Escalation ladders: (trigger, value, repeat minutes, max occurrences, recipients, warning)
WARN_AND_ESCALATE = [
    (Trigger.PERCENT_ELAPSED, 80, None, 1, [HOLDER], True),
    (Trigger.AFTER_DUE, 0, None, 1, [HOLDER, HEAD, CS], False),
    (Trigger.AFTER_DUE, 60, None, 1, [DIRECTOR], False),
]
# The arrival clock is the technician's duty (接修流程 4.2.3 維修人員……攜單在20分鐘內到現場; 3.3 工程部主管
# 負責維修工作的監督): its warning and its breach go to him and his supervisor, not to the front desk
# holding the request. Half an hour late, customer service and the director hear of it.
ARRIVAL_LADDER = [
    (Trigger.BEFORE_DUE, 5, None, 1, [ASSIGNEE, SUPERVISOR], True),
    (Trigger.AFTER_DUE, 0, None, 1, [ASSIGNEE, SUPERVISOR], False),
    (Trigger.AFTER_DUE, 30, None, 1, [CS, DIRECTOR], False),
]
# From the report to the dispatch (接修流程 3.1 日間報修電話接聽，並立即傳達至工程部; 4.2.3 工程部派單員指定人員):
# the one holding the request passes it on, the responsible department's head has it dispatched.
DISPATCH_LADDER = [
    (Trigger.BEFORE_DUE, 5, None, 1, [HOLDER, HEAD], True),
    (Trigger.AFTER_DUE, 0, None, 1, [HOLDER, HEAD, CS], False),
]
EMERGENCY_LADDER = [
    # Worked continuously: remind the holder and the department head every hour until completed.
    (Trigger.PERCENT_ELAPSED, 25, 60, 24, [HOLDER, HEAD], True),
    (Trigger.AFTER_DUE, 0, None, 1, [CS, DIRECTOR], False),
]
COMPLAINT_LADDER = [
    (Trigger.PERCENT_ELAPSED, 50, None, 1, [HOLDER], True),
    (Trigger.PERCENT_ELAPSED, 80, None, 1, [HOLDER, HEAD], True),
    (Trigger.AFTER_DUE, 0, None, 1, [CS, DIRECTOR], False),
]
HANDOFF_LADDER = [(Trigger.AFTER_DUE, 0, None, 1, [HOLDER, DIRECTOR], False)]

# code, name, start → stop, rule, value, cutoff, calendar ("always" or None = project default), pausable, continuous, ladder
# 接修流程 5.1 "接到報修後，20分鐘趕到現場": the report is dispatched within 20 minutes, and the technician is
# on site within 20 minutes of the dispatch (4.2.3) — two clocks, two duties.
DISPATCH = (
    TargetCode.DISPATCH,
    "接报修后派工",
    Event.RECEIVED,
    Event.DISPATCHED,
    Rule.WALL_MINUTES,
    20,
    None,
    "always",
    False,
    False,
    DISPATCH_LADDER,
)
ARRIVE = (
    TargetCode.ARRIVE,
    "派工后到场",
    Event.DISPATCHED,
    Event.ARRIVED,
    Rule.WALL_MINUTES,
    20,
    None,
    "always",
    False,
    False,
    ARRIVAL_LADDER,
)
CALLBACK_REPAIR = (
    TargetCode.CALLBACK,
    "维修回访",
    Event.COMPLETED,
    Event.CALLBACK_DONE,
    Rule.WORKDAYS,
    1,
    None,
    None,
    False,
    False,
    WARN_AND_ESCALATE,
)
HANDOFF_SUBJECT = "handoff"  # the `kind` attribute of a hand-off's SLA events
HANDOFF = (
    TargetCode.HANDOFF_ACCEPT,
    "交接接收",
    Event.HANDED_OFF,
    Event.HANDOFF_ACCEPTED,
    Rule.BUSINESS_MINUTES,
    30,
    None,
    None,
    False,
    False,
    HANDOFF_LADDER,
)

# name, precedence, kind, repair class, targets
POLICIES = [
    (
        "急修",
        10,
        "repair",
        "emergency",
        [
            DISPATCH,
            ARRIVE,
            (
                TargetCode.RESOLVE,
                "急修连续作业至修复",
                Event.ARRIVED,
                Event.COMPLETED,
                Rule.WALL_MINUTES,
                240,
                None,
                "always",
                False,
                True,
                EMERGENCY_LADDER,
            ),
            CALLBACK_REPAIR,
        ],
    ),
    (
        "小修",
        20,
        "repair",
        "small",
        [
            DISPATCH,
            ARRIVE,
            (
                TargetCode.RESOLVE,
                "小修当日完成",
                Event.RECEIVED,
                Event.COMPLETED,
                Rule.END_OF_BUSINESS_DAY,
                0,
                dt.time(17, 0),
                None,
                True,
                False,
                WARN_AND_ESCALATE,
            ),
            CALLBACK_REPAIR,
        ],
    ),
    (
        "一般维修",
        30,
        "repair",
        "",
        [
            DISPATCH,
            ARRIVE,
            (
                TargetCode.RESOLVE,
                "一般维修2个工作日内完成",
                Event.RECEIVED,
                Event.COMPLETED,
                Rule.WORKDAYS,
                2,
                None,
                None,
                True,
                False,
                WARN_AND_ESCALATE,
            ),
            CALLBACK_REPAIR,
        ],
    ),
    (
        "投诉",
        40,
        "complaint",
        "",
        [
            (
                TargetCode.FEEDBACK,
                "投诉24小时内反馈",
                Event.RECEIVED,
                Event.FEEDBACK_GIVEN,
                Rule.WALL_MINUTES,
                24 * 60,
                None,
                "always",
                False,
                False,
                WARN_AND_ESCALATE,
            ),
            (
                TargetCode.RESOLVE,
                "投诉12天内处理完毕",
                Event.ACCEPTED,
                Event.COMPLETED,
                Rule.CALENDAR_DAYS,
                12,
                None,
                "always",
                True,
                False,
                COMPLAINT_LADDER,
            ),
            (
                TargetCode.CALLBACK,
                "投诉回访24小时内",
                Event.COMPLETED,
                Event.CALLBACK_DONE,
                Rule.WALL_MINUTES,
                24 * 60,
                None,
                "always",
                False,
                False,
                WARN_AND_ESCALATE,
            ),
        ],
    ),
    # A hand-off (转交) is its own subject: each one gets its clock, so a second hand-off of the
    # same request is timed too. Not accepted in time → the holder and the center director.
    ("转交接收", 5, HANDOFF_SUBJECT, "", [HANDOFF]),
]


@transaction.atomic
def load_sla_defaults(*, project, actor=None) -> int:
    """Create the project's calendars and the seed policies that are missing. Returns how many
    policies were created. Idempotent; existing rows (possibly edited) are never touched."""
    created = 0
    with acting_as(actor):
        business, made = Calendar.objects.get_or_create(
            project=project,
            name=BUSINESS_CALENDAR,
            defaults={
                "kind": CalendarKind.BUSINESS,
                "is_default": not Calendar.objects.filter(project=project, is_default=True).exists(),
            },
        )
        if made:
            CalendarInterval.objects.bulk_create(
                [
                    CalendarInterval(project=project, calendar=business, weekday=day, start=start, end=end)
                    for day in range(5)
                    for start, end in WORKING_HOURS
                ]
            )
        always, _made = Calendar.objects.get_or_create(
            project=project, name=ALWAYS_CALENDAR, defaults={"kind": CalendarKind.ALWAYS}
        )
        for name, precedence, kind, repair_class, targets in POLICIES:
            if SlaPolicy.objects.filter(project=project, name=name).exists():
                continue
            if SlaPolicy.objects.filter(project=project, precedence=precedence).exists():
                continue  # the administrator uses this precedence for a policy of their own
            policy = SlaPolicy.objects.create(
                project=project,
                name=name,
                precedence=precedence,
                subject_kind=kind,
                repair_class=repair_class,
            )
            created += 1
            for code, tname, start, stop, rule, value, cutoff, cal, pausable, continuous, ladder in targets:
                target = SlaTarget.objects.create(
                    project=project,
                    policy=policy,
                    code=code,
                    name=tname,
                    start_event=start,
                    stop_event=stop,
                    cancel_events=Event.CLOSED,
                    rule=rule,
                    value=value,
                    cutoff=cutoff,
                    calendar=always if cal == "always" else None,
                    pausable=pausable,
                    pause_reasons=WAIT_ON_OWNER if pausable else "",
                    continuous=continuous,
                )
                EscalationStep.objects.bulk_create(
                    [
                        EscalationStep(
                            project=project,
                            target=target,
                            trigger=trigger,
                            value=v,
                            repeat_minutes=repeat,
                            max_occurrences=times,
                            recipients=",".join(recipients),
                            channels=Channel.IN_APP,
                            is_warning=warning,
                        )
                        for trigger, v, repeat, times, recipients, warning in ladder
                    ]
                )
    return created

"""SLA engine (issue 4, design/SLA.md): calendars, policies, targets, escalation steps as data;
clocks on any subject, their events, escalations fired and breaches. Split by topic.

Writes go through `services.py`; the maths is in `clockmath.py`.
"""

from .calendars import Calendar, CalendarException, CalendarInterval
from .clocks import Breach, BreachExcuse, ClockEvent, EscalationFired, SlaClock, SubjectEvent
from .policies import EscalationStep, SlaPolicy, SlaTarget

__all__ = [
    "Breach",
    "BreachExcuse",
    "Calendar",
    "CalendarException",
    "CalendarInterval",
    "ClockEvent",
    "EscalationFired",
    "EscalationStep",
    "SlaClock",
    "SlaPolicy",
    "SlaTarget",
    "SubjectEvent",
]

"""Codes of the SLA engine. The rule and state values match clockmath's plain strings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import clockmath


class CalendarKind(models.TextChoices):
    BUSINESS = "business", _("Business hours")  # weekly intervals + holidays + 调休
    ALWAYS = "always", _("Round the clock (24/7)")  # emergencies


class ExceptionKind(models.TextChoices):
    CLOSED = "closed", _("Day off")  # no working time that day
    WORKDAY = "workday", _("Extra working day")  # a normal working day (e.g. 调休)
    HOURS = "hours", _("Special hours")  # the hours given


class TargetCode(models.TextChoices):
    DISPATCH = "dispatch", _("Dispatch the repair")  # 接修流程: from the report to the dispatch
    ACCEPT = "accept", _("Accept the order")
    ARRIVE = "arrive", _("Arrive on site")
    RESOLVE = "resolve", _("Resolve")
    SIGNOFF = "signoff", _("Owner sign-off")
    FEEDBACK = "feedback", _("Feedback to the owner")
    CALLBACK = "callback", _("Callback")
    HANDOFF_ACCEPT = "handoff_accept", _("Accept the hand-off")


class Rule(models.TextChoices):
    WALL_MINUTES = clockmath.WALL_MINUTES, _("Wall-clock minutes")
    BUSINESS_MINUTES = clockmath.BUSINESS_MINUTES, _("Business minutes")
    END_OF_BUSINESS_DAY = clockmath.END_OF_BUSINESS_DAY, _("End of the business day")
    WORKDAYS = clockmath.WORKDAYS, _("Workdays")
    CALENDAR_DAYS = clockmath.CALENDAR_DAYS, _("Calendar days")


class ClockState(models.TextChoices):
    # Re-classified before this target's start event: the clock waits for it (an emergency repair's
    # continuous-work clock starts when the technician arrives).
    PENDING = clockmath.PENDING, _("Not started")
    RUNNING = clockmath.RUNNING, _("Running")  # counting towards the due time
    PAUSED = clockmath.PAUSED, _("Paused")  # waiting on the owner, for an allowed reason
    MET = clockmath.MET, _("Met")  # stopped on time
    BREACHED = clockmath.BREACHED, _("Breached")  # the due time passed; stays so for good
    CANCELLED = clockmath.CANCELLED, _("Cancelled")  # the subject no longer needs it
    EXCUSED = "excused", _("Excused")  # a breach excused by an approved record


class Trigger(models.TextChoices):
    PERCENT_ELAPSED = clockmath.PERCENT_ELAPSED, _("Share of the time elapsed (%)")
    BEFORE_DUE = clockmath.BEFORE_DUE, _("Minutes before the due time")
    AFTER_DUE = clockmath.AFTER_DUE, _("Minutes after the due time")


class Recipient(models.TextChoices):
    HOLDER = "holder", _("Current holder")
    ASSIGNEE = "assignee", _("Assignee (the technician on the order)")  # the one who must act on site
    # The assignee's direct superior (the position above theirs; the head of their department when
    # that position is vacant): the engineering supervisor supervises the repair work (接修流程 3.3).
    ASSIGNEE_SUPERVISOR = "assignee_supervisor", _("The assignee's supervisor")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    CS_SUPERVISOR = "cs_supervisor", _("CS supervisor")
    CENTER_DIRECTOR = "center_director", _("Center director")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("Enterprise WeChat")


class Event(models.TextChoices):
    """Events of a subject's life that start, pause and stop clocks (design/SLA.md)."""

    RECEIVED = "received", _("Received")
    HANDED_OFF = "handed_off", _("Handed off")
    HANDOFF_ACCEPTED = "handoff_accepted", _("Hand-off accepted")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Order accepted")
    ARRIVED = "arrived", _("Arrived on site")
    PAUSED = clockmath.PAUSE_EVENT, _("Paused")
    RESUMED = clockmath.RESUME_EVENT, _("Resumed")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given to the owner")
    COMPLETED = "completed", _("Completed")
    OWNER_SIGNED = "owner_signed", _("Signed by the owner")
    CALLBACK_DONE = "callback_done", _("Callback done")
    REOPENED = "reopened", _("Reopened")
    RECLASSIFIED = "reclassified", _("Reclassified")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

"""The SLA engine's configuration as the clocks read it: calendars and policy targets, cached per process
and keyed by their version, and the version bumps an edit makes."""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from propdesk.core.audit import acting_as
from propdesk.core.fastsql import Where, fetch

from .. import clockmath
from ..calendars import spec_for
from ..models import Calendar, SlaPolicy, SlaTarget

# --- calendars ----------------------------------------------------------------


# Built calendars shared by every call in this process, keyed by (calendar id, version): building
# one reads its intervals and exceptions and expands the holidays. An edit bumps the version
# (`bump_calendar_version`, the admin); saving or deleting a calendar row or one of its intervals
# or exceptions in this process also empties the cache (signals in apps.py).
_BUILT: dict[tuple[int, int], clockmath.CalendarSpec] = {}


def forget_built_calendars(**_kwargs) -> None:
    _BUILT.clear()


class CalendarCache:
    """Pure calendars per stored calendar (each has its own day cache), shared within the process.

    A calendar is looked up by (id, version) only — never kept as a model instance on a shared
    object — so an edit made by another process (which bumps the version) is seen at the next call.
    """

    def __init__(self):
        self._specs: dict[tuple[int, int], clockmath.CalendarSpec] = {}
        # project id → ({calendar id: version}, (id, version) of the default calendar or None)
        self._projects: dict[int, tuple[dict[int, int], tuple[int, int] | None]] = {}

    @staticmethod
    def calendars_query(project_id: int) -> Where:
        """The one read per project `calendar_key` needs, to send with others (`fastsql.fetch`)."""
        return Where(Calendar, project_id=project_id)

    def remember_calendars(self, project_id: int, calendars: list[Calendar]) -> None:
        """Keep what `calendars_query` read: each calendar's id and version, and the default one's."""
        versions, default = {}, None
        for calendar in calendars:
            versions[calendar.pk] = calendar.version
            if calendar.is_default and default is None:
                default = (calendar.pk, calendar.version)
        self._projects[project_id] = (versions, default)

    def calendar_key(self, target: SlaTarget) -> tuple[int, int] | None:
        """(id, version) of the target's calendar, or of its project's default one; None: always open.
        One read per project: every calendar's id and version."""
        if target.project_id not in self._projects:
            self.remember_calendars(target.project_id, fetch(self.calendars_query(target.project_id))[0])
        versions, default = self._projects[target.project_id]
        if target.calendar_id:
            if target.calendar_id not in versions:  # a calendar of another project (not made by the admin)
                versions[target.calendar_id] = (
                    Calendar.objects.filter(pk=target.calendar_id).values_list("version", flat=True).get()
                )
            return target.calendar_id, versions[target.calendar_id]
        return default

    def spec_for_target(self, target: SlaTarget) -> clockmath.CalendarSpec:
        key = self.calendar_key(target)
        if key is None:
            return clockmath.ALWAYS_OPEN
        if key not in self._specs:
            built = _BUILT.get(key)
            if built is None:
                calendar = (
                    Calendar.objects.prefetch_related("intervals", "exceptions")
                    .select_related("project")
                    .get(pk=key[0])
                )
                built = spec_for(calendar)
                if len(_BUILT) > 200:
                    _BUILT.clear()
                _BUILT[(calendar.pk, calendar.version)] = built
            self._specs[key] = built
        return self._specs[key]


def bump_calendar_version(*, calendar: Calendar, actor) -> None:
    """A calendar edit: the version changes so cached calendars are rebuilt."""
    with acting_as(actor):
        Calendar.objects.filter(pk=calendar.pk).update(version=calendar.version + 1)


# --- policies -------------------------------------------------------------------


def active_policies_query(project) -> Where:
    return Where(SlaPolicy, project_id=project.pk, is_active=True, order_by=("precedence", "pk"))


def applicable_policy(*, project, attrs: dict, on: dt.date, active: list | None = None) -> SlaPolicy | None:
    """The active, effective policy matching the attributes with the smallest precedence number.
    `active`: the project's active policies already read (`active_policies_query`)."""
    for policy in fetch(active_policies_query(project))[0] if active is None else active:
        if policy.matches(attrs, on):
            return policy
    return None


# A policy version's targets with their escalation steps, shared by every call in this process, keyed
# by (policy id, version): an edit of a policy, of one of its targets or of a target's steps bumps the
# policy's version (the admin, `bump_policy_version`), and saving or deleting such a row in this process
# also empties the cache (signals in apps.py). The cached rows are only read, never changed.
_TARGETS: dict[tuple[int, int], list[SlaTarget]] = {}


def forget_policy_targets(**_kwargs) -> None:
    _TARGETS.clear()


def policy_targets(policy: SlaPolicy) -> list[SlaTarget]:
    key = (policy.pk, policy.version)
    targets = _TARGETS.get(key)
    if targets is None:
        targets = list(policy.targets.prefetch_related("steps"))
        if len(_TARGETS) > 500:
            _TARGETS.clear()
        _TARGETS[key] = targets
    return targets


def bump_policy_version(*, policy_id: int, actor) -> None:
    """A policy's targets or escalation steps were edited: the version changes so cached targets are
    re-read by every process (clocks started from now on record the new version)."""
    with acting_as(actor):
        SlaPolicy.objects.filter(pk=policy_id).update(version=F("version") + 1)
    forget_policy_targets()

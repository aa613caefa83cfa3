"""Every write of the SLA engine. Other modules call `record_event`, `reclassify` and `excuse_breach`.

- configuration.py: calendars and policy targets as the clocks read them (cached by version);
- clocks.py: a clock's state changes, the replay of a subject's events, `record_event`;
- reclassify.py: a subject's class changes, its clocks follow.
"""

from .clocks import (  # noqa: F401
    LIVE_STATES,
    _apply_transition,
    _fired_map,
    _record_breach,
    clock_state,
    deactivate_policy,
    excuse_breach,
    next_fire_time,
    record_event,
    refresh_clock,
    step_first_times,
    subject_events,
    transition_clock,
)
from .configuration import (  # noqa: F401
    _BUILT,
    _TARGETS,
    CalendarCache,
    active_policies_query,
    applicable_policy,
    bump_calendar_version,
    bump_policy_version,
    forget_built_calendars,
    forget_policy_targets,
    policy_targets,
)
from .reclassify import reclassify  # noqa: F401

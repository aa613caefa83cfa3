"""Allowed clock state changes. `services.transition_clock` refuses anything else.

A breach is never undone: BREACHED leads only to EXCUSED (an approved record). A running or
paused clock goes back to PENDING only when its subject is re-classified before the new target's
start event (services.reclassify).
"""

from .choices import ClockState as S

ALLOWED: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.RUNNING, S.PAUSED, S.MET, S.BREACHED, S.CANCELLED}),
    S.RUNNING: frozenset({S.PENDING, S.PAUSED, S.MET, S.BREACHED, S.CANCELLED}),
    S.PAUSED: frozenset({S.PENDING, S.RUNNING, S.MET, S.BREACHED, S.CANCELLED}),
    S.MET: frozenset(),
    S.BREACHED: frozenset({S.EXCUSED}),
    S.CANCELLED: frozenset(),
    S.EXCUSED: frozenset(),
}


def can_transition(from_state: str, to_state: str) -> bool:
    return to_state in ALLOWED.get(from_state, frozenset())

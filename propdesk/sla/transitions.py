"""Allowed clock state changes. `services.transition_clock` refuses anything else.

A breach is never undone: BREACHED leads only to EXCUSED (an approved record).
"""

from .choices import ClockState as S

ALLOWED: dict[str, frozenset[str]] = {
    S.RUNNING: frozenset({S.PAUSED, S.MET, S.BREACHED, S.CANCELLED}),
    S.PAUSED: frozenset({S.RUNNING, S.MET, S.BREACHED, S.CANCELLED}),
    S.MET: frozenset(),
    S.BREACHED: frozenset({S.EXCUSED}),
    S.CANCELLED: frozenset(),
    S.EXCUSED: frozenset(),
}


def can_transition(from_state: str, to_state: str) -> bool:
    return to_state in ALLOWED.get(from_state, frozenset())

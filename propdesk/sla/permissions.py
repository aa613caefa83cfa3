"""Who may do what with deadlines: `can_<verb>(user, obj)`, one rule each (see docs/contributing.md).

Reading clocks, calendars and the on-time overview is a page permission (`project_view`); the one
decision the SLA engine takes from a person is excusing a breach.
"""

from __future__ import annotations

from propdesk.core.access import has_project_perm

VIEW_CLOCKS_PERM = "sla.view_slaclock"
VIEW_CALENDARS_PERM = "sla.view_calendar"
VIEW_BREACHES_PERM = "sla.view_breach"
EXCUSE_PERM = "sla.add_breachexcuse"


def can_excuse_breach(user, breach) -> bool:
    """Approve that a breach is excused (a typhoon, a closed road): who holds the excuse permission."""
    return has_project_perm(user, breach.project, EXCUSE_PERM)

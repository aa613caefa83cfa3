"""The landing page is a to-do list: apps register to-do sections, the workbench shows the user's.

Core knows no app's data. An app that owns work (the service desk, billing, paid services) registers
in its AppConfig.ready():

    todo.register(todo.Section(key="frontdesk_held", title=_("Requests I hold"),
                               items=held_requests, perm="servicedesk.view_servicerequest",
                               positions=("frontdesk_assistant",), order=10))

`items(user, project, now)` returns `TodoItem`s for that person only; the page sorts them overdue
first, then by due time, then oldest first, and colours each deadline like the SLA badges: red
when overdue, amber when near (`warn_at`, or the last quarter of the time / the last hour), green
otherwise, grey when the item has no deadline (its age shows instead).

A position whose work lives on a page of its own (the technician's phone cards) registers a
landing instead: `todo.register_landing("technician", "servicedesk:my_orders", perm=...)`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .access import project_permissions
from .models import CompanyRole, Membership, PositionScope

NEAR = dt.timedelta(hours=1)


@dataclass
class TodoItem:
    title: str  # what to do: "Callback", "Dispatch", "Hand-off from Wang"
    about: str  # what it is about: the request number and room, the case's unit
    url: str  # where it is done
    due: dt.datetime | None = None  # its deadline, when there is one
    since: dt.datetime | None = None  # when it started waiting (its age shows when there is no deadline)
    warn_at: dt.datetime | None = None  # from when it is "near" (an SLA clock's warning point)
    note: str = ""  # a short extra: category, amount, urgency
    group: str = ""  # the department, for sections that count per department
    urgent: bool = False  # an emergency: amber at least, even with no deadline
    started: dt.datetime | None = None  # when the deadline's clock started (for the last-quarter rule)

    def colour(self, now: dt.datetime) -> str:
        if self.due is None:
            return "warning" if self.urgent else "secondary"
        if now >= self.due:
            return "danger"
        if self.warn_at is not None:
            near = now >= self.warn_at
        elif self.started is not None:
            near = (self.due - now) <= (self.due - self.started) / 4
        else:
            near = (self.due - now) <= NEAR
        return "warning" if near or self.urgent else "success"

    def overdue(self, now: dt.datetime) -> bool:
        return self.due is not None and now >= self.due

    def clock_text(self, now: dt.datetime) -> str:
        if self.due is not None:
            if now >= self.due:
                return _("Overdue by %(time)s") % {"time": duration_text(now - self.due)}
            return _("%(time)s left") % {"time": duration_text(self.due - now)}
        if self.since is not None:
            return _("Waiting %(time)s") % {"time": duration_text(now - self.since)}
        return ""


def duration_text(delta: dt.timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 60:
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    hours, minutes = divmod(minutes, 60)
    hours_text = ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    if hours < 48:
        if not minutes:
            return hours_text
        return f"{hours_text} {ngettext('%(n)s minute', '%(n)s minutes', minutes) % {'n': minutes}}"
    days = ngettext("%(n)s day", "%(n)s days", hours // 24) % {"n": hours // 24}
    return f"{days} {ngettext('%(n)s hour', '%(n)s hours', hours % 24) % {'n': hours % 24}}"


def sort_key(now: dt.datetime):
    """Overdue first (the longest overdue on top), then the nearest deadline, then the oldest waiting."""

    far = dt.datetime.max.replace(tzinfo=dt.UTC)

    def key(item: TodoItem):
        if item.overdue(now):
            return (0, item.due, item.since or far)
        if item.due is not None:
            return (1 if not item.urgent else 0.5, item.due, item.since or far)
        return (2 if not item.urgent else 0.5, far, item.since or far)

    return key


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: Callable  # items(user, project, now) -> list[TodoItem]
    perm: str  # the permission the section's items need (and the "more" page's)
    positions: tuple[
        str, ...
    ] = ()  # position codes that get it on their landing page; () = everyone with perm
    order: int = 100
    more_url: str = ""  # url name of the full list
    by_group: bool = False  # show counts per group (department) above the items
    limit: int = 10
    hide_empty: bool = False  # for sections most of its holders rarely have items in (hand-offs)


_sections: dict[str, Section] = {}
_landings: dict[str, tuple[str, str]] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def register_landing(position: str, url_name: str, *, perm: str) -> None:
    """The position lands on this page instead of the to-do list (when the user holds only such positions)."""
    _landings[position] = (url_name, perm)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def position_codes(user, project) -> set[str]:
    """The codes of the positions the user holds in the project (and company-wide in its company)."""
    if not user.is_authenticated or project is None:
        return set()
    codes = set(
        Membership.objects.filter(user=user, project=project, is_active=True).values_list(
            "position__code", flat=True
        )
    )
    codes |= set(
        CompanyRole.objects.filter(
            user=user, company_id=project.company_id, is_active=True, position__scope=PositionScope.COMPANY
        ).values_list("position__code", flat=True)
    )
    return codes


def landing_for(user, project) -> str | None:
    """The url name a user lands on instead of the to-do list, when every position they hold has one."""
    codes = position_codes(user, project)
    if not codes or not all(code in _landings for code in codes):
        return None
    held = project_permissions(user, project)
    for code in sorted(codes):
        url_name, perm = _landings[code]
        if perm in held:
            return url_name
    return None


@dataclass
class ShownSection:
    section: Section
    items: list[TodoItem]
    total: int
    overdue: int
    groups: list[tuple[str, int]] = field(default_factory=list)

    @property
    def title(self):
        return self.section.title


def sections_for(user, project, *, now: dt.datetime | None = None) -> list[ShownSection]:
    """The sections the user's positions get, each with its items sorted overdue first."""
    now = now or timezone.now()
    codes = position_codes(user, project)
    held = project_permissions(user, project)
    shown = []
    for section in sections():
        if section.perm not in held:
            continue
        if section.positions and not (codes & set(section.positions)):
            continue
        items = sorted(section.items(user, project, now), key=sort_key(now))
        if not items and section.hide_empty:
            continue
        for item in items:
            item.shown_colour = item.colour(now)
            item.shown_clock = item.clock_text(now)
        groups = []
        if section.by_group:
            counts = Counter(item.group for item in items if item.group)
            groups = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shown.append(
            ShownSection(
                section=section,
                items=items[: section.limit],
                total=len(items),
                overdue=sum(1 for item in items if item.overdue(now)),
                groups=groups,
            )
        )
    return shown

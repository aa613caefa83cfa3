"""Build a `clockmath.CalendarSpec` from a stored calendar plus the official holidays.

Official holidays and make-up working days (调休) come from the `chinese_calendar`
package. For years it does not know yet, only the weekly intervals and the
project's own exceptions apply — `year_coverage` says so for the calendar page.
"""

from __future__ import annotations

import datetime as dt
import functools

import chinese_calendar
from django.utils.translation import gettext_lazy as _

from . import clockmath
from .choices import CalendarKind

# chinese_calendar's English holiday names → msgids, translated when shown (the days are cached
# for every language).
HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Anti-Fascist War Victory 70th Anniversary"),
}


@functools.cache
def official_years() -> frozenset[int]:
    """The years the installed chinese_calendar package has the State Council's schedule for."""
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return frozenset(years)


def holiday_name(name) -> str:
    """The holiday's name in the active language (a lazy string: official_days is cached)."""
    text = str(name.value if hasattr(name, "value") else name)
    return HOLIDAY_NAMES.get(text, text)


@functools.cache
def official_days() -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    holidays = {d: holiday_name(n) for d, n in chinese_calendar.holidays.items()}
    workdays = {d: holiday_name(n) for d, n in chinese_calendar.workdays.items()}
    return holidays, workdays


def year_coverage(year: int) -> bool:
    return year in official_years()


def spec_for(calendar, *, timezone_name: str | None = None) -> clockmath.CalendarSpec:
    """The pure calendar of a stored Calendar (intervals and exceptions prefetched or queried here)."""
    tz = timezone_name or calendar.project.timezone
    if calendar.kind == CalendarKind.ALWAYS:
        return clockmath.CalendarSpec(timezone=tz, always_open=True, name=calendar.name)
    weekly: dict[int, list] = {}
    for interval in calendar.intervals.all():
        weekly.setdefault(interval.weekday, []).append((interval.start, interval.end))
    exceptions = {
        e.date: (e.kind, clockmath.parse_intervals(e.hours) if e.hours else (), e.note)
        for e in calendar.exceptions.all()
    }
    holidays, workdays = official_days() if calendar.use_official_holidays else ({}, {})
    return clockmath.CalendarSpec(
        timezone=tz,
        weekly={d: tuple(sorted(v)) for d, v in weekly.items()},
        exceptions=exceptions,
        holidays=holidays,
        makeup_workdays=workdays,
        name=calendar.name,
    )


def year_days(spec: clockmath.CalendarSpec, year: int) -> list[clockmath.DayInfo]:
    """Every date of the year that differs from an ordinary week: holidays, 调休 days, exceptions."""
    out = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        info = spec.day(day)
        if info.reason != "weekly":
            out.append(info)
        day += dt.timedelta(days=1)
    return out

"""Checks every app's services share: dates people type (a period's start and end).

A date typed by hand can be anything the browser's date box accepts, `0129-10-29` included. Every
period in the product — residencies, ownerships, vehicles, care notes — is checked by
`check_period`, so the same mistake gets the same message everywhere.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from .errors import ServiceError

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def check_date(value: dt.date | None, *, field: str) -> None:
    """Refuse a date outside 1900–2100: a typing mistake, not a real record."""
    if value is None:
        return
    if not isinstance(value, dt.date):
        raise ServiceError(_("Enter a date such as 2026-03-01."), field=field)
    if not EARLIEST <= value <= LATEST:
        raise ServiceError(
            _("%(date)s is not a plausible date (1900–2100).") % {"date": value.isoformat()}, field=field
        )


def check_period(
    started_on: dt.date | None,
    ended_on: dt.date | None = None,
    *,
    start_field: str = "started_on",
    end_field: str = "ended_on",
    message: str | None = None,
) -> None:
    """Both dates plausible, and the end not before the start (the same day is a one-day period)."""
    check_date(started_on, field=start_field)
    check_date(ended_on, field=end_field)
    if started_on is not None and ended_on is not None and ended_on < started_on:
        raise ServiceError(message or _("The end date cannot be before the start date."), field=end_field)

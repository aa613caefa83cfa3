"""Names of downloaded files (Excel, PDF, CSV): dated by the project's own calendar day.

A file exported at 00:30 in Wuhan is that day's file, whatever the server's TIME_ZONE (often UTC in
containers): `project_date(project)` is the project's local day, `stamp(project, "%Y%m%d-%H%M")`
its local time formatted, and `disposition(filename)` the header value (RFC 6266, UTF-8 names too).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from urllib.parse import quote

from django.utils import timezone


def project_now(project, at: dt.datetime | None = None) -> dt.datetime:
    """`at` (default now) in the project's time zone."""
    return (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(project.timezone))


def project_date(project, at: dt.datetime | None = None) -> dt.date:
    """The project's calendar day at `at` (default now)."""
    return project_now(project, at).date()


def stamp(project, fmt: str = "%Y%m%d", at: dt.datetime | None = None) -> str:
    """The project's local time at `at` (default now) as `fmt`, for a file name."""
    return project_now(project, at).strftime(fmt)


def disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="…"` (or inline); a non-ASCII name also as filename*=UTF-8''…."""
    kind = "inline" if inline else "attachment"
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        fallback = filename.encode("ascii", "replace").decode().replace("?", "_")
        return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return f'{kind}; filename="{filename}"'

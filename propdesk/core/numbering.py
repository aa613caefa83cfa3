"""Day numbers (BX-20260310-0012): per project, prefix and local day, from a locked counter row.

`next_day_number(counter_model, project=…, prefix=…, at=…)` takes the app's counter model (fields
`project`, `prefix`, `day`, `last`, unique on the first three), so core needs no table of its own;
the service desk's `RequestCounter` is the one in use (servicedesk `services.day_number`). No gaps
from concurrent callers, no duplicates: the day's row is created or incremented under a lock held
until the caller's transaction commits.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from .downloads import project_date


def local_day(project, at: dt.datetime) -> dt.date:
    """The project's calendar day at `at` (its own time zone): the one rule in core.downloads."""
    return project_date(project, at)


def next_day_number(counter_model, *, project, prefix: str, at: dt.datetime) -> str:
    """`<prefix>-<yyyymmdd>-<nnnn>`: the next number of the project's local day for `prefix`."""
    day = local_day(project, at)
    if connection.vendor == "postgresql":
        # One statement: create or increment the day's counter; the row stays locked until commit
        # (in autocommit, until the statement ends).
        table = connection.ops.quote_name(counter_model._meta.db_table)
        upsert = (
            f"INSERT INTO {table} (project_id, prefix, day, last) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (project_id, prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last"
        )
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                cursor.execute(upsert, [project.pk, prefix, day])
            else:
                # Its own transaction, committed without waiting for the disk: safe, because the row
                # that uses the number commits later and waits for the log up to its own commit, which
                # includes this one — after a crash no durable row holds a number the counter lost.
                cursor.execute(f"SET LOCAL synchronous_commit TO off; {upsert}", [project.pk, prefix, day])
                cursor.nextset()
            last = cursor.fetchone()[0]
        return f"{prefix}-{day:%Y%m%d}-{last:04d}"
    counter_model.objects.get_or_create(project=project, prefix=prefix, day=day)
    counter = counter_model.objects.select_for_update().get(project=project, prefix=prefix, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{day:%Y%m%d}-{counter.last:04d}"

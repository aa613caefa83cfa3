"""Django's PostgreSQL backend, with a cheaper check of a kept connection, and a flush that says so.

The sealed tables refuse TRUNCATE (`core.triggers`) unless the session has set `propdesk.flush`:
Django's flush (tests, `manage.py flush`) sets it for its own transaction.

With CONN_HEALTH_CHECKS, Django asks a kept connection `SELECT 1` before the first query of every
request — one more round trip on every request (on the intake API, one in thirteen). Here the check
first looks without asking: a connection that libpq reports healthy, idle, and with nothing waiting
to be read on its socket is usable. When the server has ended it (a restart, pg_terminate_backend,
an idle timeout), the server's goodbye or the closed socket is waiting there, and the real `SELECT 1`
runs — and fails, so Django opens a new connection before the request's first query. A link that
vanished silently (no goodbye, no reset) is found by the request's own first query instead, which then
fails as it would have without health checks, and Django drops the connection at the end of it.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base, operations
from psycopg import pq

from propdesk.core.triggers import FLUSH_SETTING


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"SET LOCAL {FLUSH_SETTING} = 'on';", *sql] if sql else sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def is_usable(self):
        connection = self.connection
        if connection is None:
            return False
        try:
            pgconn = connection.pgconn
            quiet = (
                not connection.closed
                and pgconn.status == pq.ConnStatus.OK
                and pgconn.transaction_status == pq.TransactionStatus.IDLE
                and not select.select([pgconn.socket], [], [], 0)[0]
            )
        except (OSError, ValueError, AttributeError):
            quiet = False
        return True if quiet else super().is_usable()

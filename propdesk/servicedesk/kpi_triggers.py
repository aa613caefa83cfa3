"""The triggers that keep the KPI roll-ups exact (models/kpis.py), on PostgreSQL and SQLite.

For every row written to a table the KPIs read, the (project, UTC day) pairs whose figures the row
counts towards — before and after the write — are appended to `servicedesk_kpidirty` in the same
transaction. An UPDATE that changes none of the columns the KPIs read marks nothing.

Installed by migration 0010 and checked again after every `migrate` (apps.py): SQLite drops a table's
triggers when a later migration rebuilds the table. Whenever they had to be (re)installed, every
roll-up is thrown away, since writes made without them were not logged (see `ensure`).
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

DIRTY = "servicedesk_kpidirty"
REQUEST = "servicedesk_servicerequest"

# table -> (columns whose change matters, SELECTs of (project_id, day) for a row alias R)
TABLES: dict[str, tuple[list[str], list[str]]] = {
    REQUEST: (
        ["project_id", "kind", "channel", "received_at", "resolved_at"],
        [
            "SELECT R.project_id, {day(R.received_at)}",
            "SELECT R.project_id, {day(R.resolved_at)} WHERE R.resolved_at IS NOT NULL",
        ],
    ),
    "sla_slaclock": (
        ["project_id", "subject_type_id", "code", "policy_id", "started_at", "state"],
        ["SELECT R.project_id, {day(R.started_at)}"],
    ),
    "servicedesk_callback": (
        ["project_id", "request_id", "done_at", "method", "satisfaction"],
        [
            "SELECT R.project_id, {day(R.done_at)}",
            f"SELECT s.project_id, {{day(s.resolved_at)}} FROM {REQUEST} s "
            "WHERE s.id = R.request_id AND s.resolved_at IS NOT NULL",
        ],
    ),
    "servicedesk_complaint": (
        ["request_id", "state"],
        [
            f"SELECT s.project_id, {{day(s.received_at)}} FROM {REQUEST} s WHERE s.id = R.request_id",
            f"SELECT s.project_id, {{day(s.resolved_at)}} FROM {REQUEST} s "
            "WHERE s.id = R.request_id AND s.resolved_at IS NOT NULL",
        ],
    ),
}


def _name(table: str, op: str) -> str:
    return f"servicedesk_kpi_{table.split('_', 1)[1]}_{op}"


def trigger_names() -> list[str]:
    return [_name(t, op) for t in TABLES for op in ("ins", "upd", "del")]


def _inserts(vendor: str, selects: list[str], alias: str) -> str:
    def day(m):
        col = m.group(1)
        return f"(({col}) AT TIME ZONE 'UTC')::date" if vendor == "postgresql" else f"date({col})"

    out = []
    for select in selects:
        sql = re.sub(r"\{day\(([^)]*)\)\}", day, select)
        sql = re.sub(r"\bR\.", f"{alias}.", sql)
        out.append(f"INSERT INTO {DIRTY} (project_id, day) {sql};")
    return "\n".join(out)


def install(connection) -> None:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for table, (columns, selects) in TABLES.items():
            if vendor == "postgresql":
                changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
                function = f"{_name(table, 'mark')}"
                cursor.execute(
                    f"""
                    CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
                    BEGIN
                      IF TG_OP <> 'INSERT' THEN
                        {_inserts(vendor, selects, "OLD")}
                      END IF;
                      IF TG_OP <> 'DELETE' THEN
                        {_inserts(vendor, selects, "NEW")}
                      END IF;
                      RETURN NULL;
                    END $$ LANGUAGE plpgsql;
                    """
                )
                for op, when in (("ins", "INSERT"), ("upd", "UPDATE"), ("del", "DELETE")):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_name(table, op)} ON {table}")
                    condition = f"WHEN ({changed}) " if op == "upd" else ""
                    cursor.execute(
                        f"CREATE TRIGGER {_name(table, op)} AFTER {when} ON {table} "
                        f"FOR EACH ROW {condition}EXECUTE FUNCTION {function}()"
                    )
            elif vendor == "sqlite":
                changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
                bodies = {
                    "ins": ("INSERT", "", _inserts(vendor, selects, "NEW")),
                    "upd": (
                        "UPDATE",
                        f"WHEN {changed} ",
                        _inserts(vendor, selects, "OLD") + "\n" + _inserts(vendor, selects, "NEW"),
                    ),
                    "del": ("DELETE", "", _inserts(vendor, selects, "OLD")),
                }
                for op, (when, condition, body) in bodies.items():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_name(table, op)}")
                    cursor.execute(
                        f"CREATE TRIGGER {_name(table, op)} AFTER {when} ON {table} "
                        f"FOR EACH ROW {condition}BEGIN\n{body}\nEND"
                    )


def drop(connection) -> None:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for table in TABLES:
            for op in ("ins", "upd", "del"):
                suffix = f" ON {table}" if vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {_name(table, op)}{suffix}")
            if vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {_name(table, 'mark')}()")


def installed(connection) -> bool:
    """All twelve triggers are present and enabled."""
    names = trigger_names()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s) AND tgenabled <> 'D'", [names]
            )
        elif connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names
            )
        else:
            return False
        return cursor.fetchone()[0] == len(names)


def ensure(connection) -> bool:
    """(Re)install missing triggers; then no roll-up can be trusted, so all are dropped. True if all were there."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    with connection.cursor() as cursor:
        if DIRTY not in connection.introspection.table_names(cursor):
            return False  # not migrated that far yet
    if installed(connection):
        return True
    logger.warning(
        "KPI roll-up triggers were missing: reinstalled, roll-ups dropped (rebuilt by refresh_kpis)"
    )
    install(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM servicedesk_kpicount")
        cursor.execute("DELETE FROM servicedesk_kpiday")
        cursor.execute(f"DELETE FROM {DIRTY}")
    return False

"""Single-row reads and inserts without the ORM's query building, for the few hottest paths.

On a busy write such as taking an owner request, building and compiling each query costs the
Python process more than the database spends answering it. These helpers give what the ORM gives
— model instances made by `from_db` (so `_state` is right and later saves update them), rows
inserted with every field's `pre_save` and database conversion, and the audit history row that
django-simple-history would write — with each statement's SQL written once per model and reused:

- `get_by_pk(Unit, 7)` ≡ `Unit.objects.filter(pk=7).first()`;
- `rows_where(Department, project_id=1, kind="engineering", limit=1)` ≡ the filtered, ordered queryset;
- `create(instance)` ≡ `instance.save()` for a new row, history included. It refuses a model that
  has other save signal receivers than the history's (it would skip them silently) and falls back to
  `save()` there.

And, on PostgreSQL, fewer round trips — each costs both processes more than a small statement does:

- `fetch(ByPk(…), Where(…), …)` sends several reads as one string and reads each result in turn;
- inside `write_behind()`, `create(instance, defer=True)` and every history row wait and travel in
  front of the next statement sent on the connection (reads included, so they see them).

The owner-request intake (servicedesk) and the SLA clocks it starts use them; the timeline and the
SLA engine insert through `save_new`, which is this module inside the intake's `write_behind()` block
and the ORM's `save()` everywhere else. A model is written
here only once its app declared it with `writes(Model)` (in `AppConfig.ready()`); the system check
`propdesk.E010` (core/checks.py) refuses a declared model this module cannot write as the ORM
would — an overridden `save()`, a `db_default`, a `GeneratedField` — and a database configured
with server-side binding, whose parameters it does not send the way it expects.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models import GeneratedField, Model
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record

_SQL: dict[tuple[str, type], tuple[str, list[str]]] = {}
_WRITES: set[type] = set()


def writes(*models) -> None:
    """Declare the models `create` may insert (checked at start-up by core.checks)."""
    _WRITES.update(models)


def declared() -> list[type]:
    return sorted(_WRITES, key=lambda m: m._meta.label)


def unsupported(model) -> list[str]:
    """Why `create` could not insert `model`'s rows exactly as `save()` would (empty: it can)."""
    problems = []
    if model.save is not Model.save:
        problems.append("it overrides save(), which create() would skip")
    for field in model._meta.concrete_fields:
        if field.has_db_default():
            problems.append(f"{field.name} has a db_default, which the INSERT would override")
        if isinstance(field, GeneratedField):
            problems.append(f"{field.name} is a GeneratedField, which cannot be inserted")
    return problems


def server_side_binding(alias: str = DEFAULT_DB_ALIAS) -> bool:
    return bool(connections.databases[alias].get("OPTIONS", {}).get("server_side_binding"))


def _select(model, alias: str, related: tuple[str, ...]) -> tuple[str, list]:
    """SELECT of the model's columns (and of each `related` foreign key's row, LEFT JOINed) by pk."""
    key = (alias, model, related)
    if key not in _SQL:
        quote = connections[alias].ops.quote_name
        meta = model._meta
        columns = [f"t.{quote(f.column)}" for f in meta.concrete_fields]
        joins, parts = [], [(model, None, [f.attname for f in meta.concrete_fields])]
        for n, name in enumerate(related):
            field = meta.get_field(name)
            other = field.related_model._meta
            columns += [f"r{n}.{quote(f.column)}" for f in other.concrete_fields]
            joins.append(
                f"LEFT JOIN {quote(other.db_table)} r{n} ON r{n}.{quote(other.pk.column)} = t.{quote(field.column)}"
            )
            parts.append((field.related_model, field, [f.attname for f in other.concrete_fields]))
        sql = "SELECT {} FROM {} t {} WHERE t.{} = %s".format(
            ", ".join(columns), quote(meta.db_table), " ".join(joins), quote(meta.pk.column)
        )
        _SQL[key] = (sql, parts)
    return _SQL[key]


class ByPk:
    """A read of one row by primary key (for `fetch`); `get_by_pk` says what it gives."""

    def __init__(self, model, pk, *, related: tuple[str, ...] = ()):
        self.model, self.related = model, tuple(related)
        self.pk = _as_pk(model, pk)
        self.alias = router.db_for_read(model)

    def statement(self):
        if self.pk is None:
            return None  # not a key of this model: no row, no query
        sql, _parts = _select(self.model, self.alias, self.related)
        return sql, [self.pk]

    def result(self, rows):
        if not rows:
            return None
        _sql, parts = _select(self.model, self.alias, self.related)
        row, start, obj = rows[0], 0, None
        for part_model, field, names in parts:
            values = row[start : start + len(names)]
            start += len(names)
            if field is None:
                obj = _instance(part_model, self.alias, names, values)
            elif getattr(obj, field.attname) is not None:
                field.set_cached_value(obj, _instance(part_model, self.alias, names, values))
        return obj


class Where:
    """A read of the rows whose fields equal the given values (for `fetch`); `rows_where` says what it gives."""

    def __init__(self, model, *, order_by: tuple[str, ...] = ("pk",), limit: int | None = None, **equals):
        self.model, self.equals = model, equals
        self.alias = router.db_for_read(model)
        self.sql, self.names, self.params = _where_sql(model, self.alias, order_by, limit, equals)

    def statement(self):
        return self.sql, self.params

    def result(self, rows):
        return [_instance(self.model, self.alias, self.names, row) for row in rows]


def fetch(*queries):
    """The results of several `ByPk` / `Where` reads, in order — on PostgreSQL in one round trip
    (the statements go together and each result set is read in turn), elsewhere one by one.
    A None query gives None, so optional reads keep their place."""
    statements = [None if query is None else query.statement() for query in queries]
    results = [
        None if query is None else query.result([]) if st is None else None
        for query, st in zip(queries, statements, strict=True)
    ]
    todo = [(i, st) for i, st in enumerate(statements) if st is not None]
    if not todo:
        return results
    alias = queries[todo[0][0]].alias
    connection = connections[alias]
    together = connection.vendor == "postgresql" and all(queries[i].alias == alias for i, _ in todo)
    if together and len(todo) > 1:
        with connection.cursor() as cursor:
            cursor.execute("; ".join(sql for _i, (sql, _p) in todo), [p for _i, (_s, ps) in todo for p in ps])
            for n, (i, _st) in enumerate(todo):
                if n:
                    cursor.nextset()
                results[i] = queries[i].result(cursor.fetchall())
        return results
    for i, (sql, params) in todo:
        with connections[queries[i].alias].cursor() as cursor:
            cursor.execute(sql, params)
            results[i] = queries[i].result(cursor.fetchall())
    return results


def _as_pk(model, pk):
    """`pk` as a value of the model's key, or None when it cannot be one (an integer key given "x")."""
    if isinstance(model._meta.pk, models.IntegerField):
        try:
            return int(pk)
        except (TypeError, ValueError):
            return None
    return pk if isinstance(pk, str) else None


def get_by_pk(model, pk, *, related: tuple[str, ...] = ()):
    """The row with this primary key as a model instance, or None (also for a value that cannot be a key
    of the model, such as "x" for an integer key).

    `related` names forward foreign keys whose rows come in the same query and are attached, as
    `select_related` would: `get_by_pk(Unit, 7, related=("building",)).building` costs no query."""
    return fetch(ByPk(model, pk, related=related))[0]


def _instance(model, alias: str, names: list[str], row):
    connection = connections[alias]
    values = []
    for (col, converters), value in zip(_converters(connection, model), row, strict=True):
        for convert in converters:
            value = convert(value, col, connection)
        values.append(value)
    return model.from_db(alias, names, values)


_CONVERTERS: dict[tuple[str, type], list] = {}


def _converters(connection, model) -> list:
    """Per column, the converters Django's compiler applies when it reads it (SQLite dates, decimals, JSON…)."""
    key = (connection.alias, model)
    if key not in _CONVERTERS:
        out = []
        for field in model._meta.concrete_fields:
            col = field.get_col(model._meta.db_table)
            out.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
        _CONVERTERS[key] = out
    return _CONVERTERS[key]


_WHERE: dict[tuple, tuple[str, list[str]]] = {}


def _where_sql(model, alias, order_by, limit, equals) -> tuple[str, list[str], list]:
    names_in_order = sorted(equals)
    nulls = tuple(name for name in names_in_order if equals[name] is None)
    key = (alias, model, tuple(names_in_order), nulls, tuple(order_by), limit)
    if key not in _WHERE:
        connection = connections[alias]
        quote = connection.ops.quote_name
        meta = model._meta
        select, parts = _select(model, alias, ())
        select = select.rsplit(" WHERE ", 1)[0]  # the same columns as get_by_pk, table alias t
        names = parts[0][2]
        where = " AND ".join(
            f"t.{quote(meta.get_field(name).column)} {'IS NULL' if name in nulls else '= %s'}"
            for name in names_in_order
        )
        order = ", ".join(
            f"t.{quote((meta.pk if f.lstrip('-') == 'pk' else meta.get_field(f.lstrip('-'))).column)}"
            f"{' DESC' if f.startswith('-') else ''}"
            for f in order_by
        )
        sql = f"{select} WHERE {where}" if where else select
        sql += f" ORDER BY {order}" if order else ""
        sql += f" LIMIT {int(limit)}" if limit is not None else ""
        _WHERE[key] = (sql, names)
    sql, names = _WHERE[key]
    return sql, names, [equals[name] for name in names_in_order if name not in nulls]


def rows_where(model, *, order_by: tuple[str, ...] = ("pk",), limit: int | None = None, **equals) -> list:
    """The rows whose fields equal the given values (`project_id=1, kind="engineering"`), as model
    instances in `order_by` order (field names, `-` for descending) — what the queryset would give,
    with its SELECT written once per shape. Values are compared as given: pass ids, strings, booleans;
    None means IS NULL."""
    return fetch(Where(model, order_by=order_by, limit=limit, **equals))[0]


# --- inserts ---------------------------------------------------------------------------------------

_INSERT: dict[tuple[str, type], tuple[str, list]] = {}


def _insert_sql(model, alias: str) -> tuple[str, list]:
    key = (alias, model)
    if key not in _INSERT:
        connection = connections[alias]
        quote = connection.ops.quote_name
        meta = model._meta
        fields = [
            f for f in meta.concrete_fields if not (f.primary_key and getattr(f, "db_returning", False))
        ]
        sql = "INSERT INTO {} ({}) VALUES ({}) RETURNING {}".format(
            quote(meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
            quote(meta.pk.column),
        )
        _INSERT[key] = (sql, fields)
    return _INSERT[key]


def _save_receivers(model):
    """(plain, records): `plain` is True when simple-history's post_save (`records`, or None for a
    model without history) is the only save receiver for `model` — the one `create` does itself."""
    if pre_save.has_listeners(model):
        return False, None
    records = None
    receivers, async_receivers = post_save._live_receivers(model)
    if async_receivers:
        return False, None
    for receiver in receivers:
        owner = getattr(receiver, "__self__", None)
        if not isinstance(owner, HistoricalRecords) or records is not None:
            return False, None
        records = owner
    if records is not None:
        if records.m2m_fields:
            return False, None
        history = _history_model(model, records)
        if pre_create_historical_record.has_listeners(history) or post_create_historical_record.has_listeners(
            history
        ):
            return False, None
    return True, records


def _insert(instance, alias: str, defer: bool = False) -> None:
    model = type(instance)
    sql, fields = _insert_sql(model, alias)
    connection = connections[alias]
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    instance._state.adding = False
    instance._state.db = alias
    behind = getattr(connection, "_fastsql_behind", None)
    if defer and behind is not None:
        behind.add(sql, params, instance)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        instance.pk = cursor.fetchone()[0]


def create(instance, *, defer: bool = False):
    """Insert a new row for `instance` (its pk is set), with its history row; returns the instance.

    `defer=True` inside a `write_behind()` block: the row goes with the next statement sent (or at the
    end of the block) instead of alone — the caller does not need its pk until then. The history row
    always goes that way inside such a block; a model with history sends its own row at once (the
    history row needs its id)."""
    model = type(instance)
    if model not in _WRITES:
        raise TypeError(f"{model._meta.label} is not declared with fastsql.writes()")
    alias = router.db_for_write(model)
    plain, records = _save_receivers(model)
    if not plain or model._meta.parents or model._meta.proxy:
        # Other receivers would be skipped; inherited and proxy models save through more than one table
        # or another sender: all of that is save()'s to do.
        instance.save(using=alias)
        return instance
    with_history = (
        records is not None
        and getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        and not hasattr(instance, "skip_history_when_saving")
    )
    # A row with history goes at once even when deferral is asked: its history row needs its id.
    _insert(instance, alias, defer and not with_history)
    if with_history:
        _insert(history_row(records, instance), alias, defer=True)
    return instance


def in_write_behind(using: str = DEFAULT_DB_ALIAS) -> bool:
    return getattr(connections[using], "_fastsql_behind", None) is not None


def save_new(instance, *, defer: bool = False):
    """Insert `instance` the fast way inside a `write_behind()` block (the intake, where it was
    measured: bench/RESULTS.md), and with the ORM's own `save()` everywhere else — so the timeline
    and the SLA engine write as ordinary Django outside the intake."""
    model = type(instance)
    if in_write_behind(router.db_for_write(model)):
        return create(instance, defer=defer)
    instance.save(force_insert=True)
    return instance


class _Behind:
    """The inserts waiting in a `write_behind` block, and the execute wrapper that sends them first."""

    def __init__(self):
        self.sql: list[str] = []
        self.params: list = []
        self.instances: list = []
        self.error: Exception | None = None

    def add(self, sql, params, instance) -> None:
        self.sql.append(sql)
        self.params.extend(params)
        self.instances.append(instance)

    def _take(self):
        taken = (self.sql, self.params, self.instances)
        self.sql, self.params, self.instances = [], [], []
        return taken

    def _read_ids(self, raw_cursor, instances) -> None:
        # Each waiting INSERT returned its id: its result set comes before the statement's own.
        for instance in instances:
            instance.pk = raw_cursor.fetchone()[0]
            raw_cursor.nextset()

    def flush(self, cursor) -> None:
        sql, params, instances = self._take()
        if not sql:
            return
        try:
            cursor.execute("; ".join(sql), params)
        except Exception as error:
            self.error = error
            raise
        self._read_ids(cursor.cursor, instances)

    def __call__(self, execute, sql, params, many, context):
        if not self.sql:
            return execute(sql, params, many, context)
        if many or not isinstance(params, (list, tuple)):
            # executemany, or a statement without parameters (its % signs are literal): the waiting
            # inserts go just before it, on their own.
            self.flush(context["cursor"])
            return execute(sql, params, many, context)
        waiting, waiting_params, instances = self._take()
        try:
            result = execute("; ".join([*waiting, sql]), [*waiting_params, *params], many, context)
        except Exception as error:
            self.error = error
            raise
        self._read_ids(context["cursor"].cursor, instances)
        return result


@contextlib.contextmanager
def write_behind(using: str = DEFAULT_DB_ALIAS):
    """A block whose deferred inserts (`create(..., defer=True)`, history rows) travel with the next
    statement sent on the connection — a read, another insert, a savepoint — in one round trip, and
    whatever still waits at the end of the block goes then. Order is kept: every statement still runs
    after the inserts made before it, so reads see them. Each waiting row's pk is set when it is sent.

    Use it inside the transaction (`atomic`) of a write. If a waiting insert fails, the error is raised
    by the statement it travelled with; the block raises it again at its end even if something caught
    it, so a caught error can never drop a row silently. PostgreSQL only; elsewhere rows go at once."""
    connection = connections[using]
    if connection.vendor != "postgresql" or getattr(connection, "_fastsql_behind", None) is not None:
        yield
        return
    if not connection.in_atomic_block:
        # Rows sent before an error would stay while the waiting ones are dropped: half a write.
        raise RuntimeError("write_behind() is for the inside of a transaction (atomic)")
    behind = _Behind()
    connection._fastsql_behind = behind
    try:
        with connection.execute_wrapper(behind):
            yield
            with connection.cursor() as cursor:
                behind.flush(cursor)
    finally:
        connection._fastsql_behind = None
    if behind.error is not None:
        raise behind.error


_HISTORY_MODELS: dict[type, type] = {}


def _history_model(model, records):
    # The history manager (the descriptor's value) is costly to make; its model is fixed per model.
    if model not in _HISTORY_MODELS:
        _HISTORY_MODELS[model] = getattr(model, records.manager_name).model
    return _HISTORY_MODELS[model]


def history_row(records, instance, history_type: str = "+"):
    """The unsaved row simple-history's `create_historical_record` would save for `instance`,
    built with the same `HistoricalRecords` methods."""
    history_model = _history_model(type(instance), records)
    attrs = {field.attname: getattr(instance, field.attname) for field in records.fields_included(instance)}
    if getattr(history_model, "history_relation", None) is not None:
        attrs["history_relation"] = instance
    return history_model(
        history_date=getattr(instance, "_history_date", timezone.now()),
        history_type=history_type,
        history_user=records.get_history_user(instance),
        history_change_reason=records.get_change_reason_for_object(instance, history_type, None),
        **attrs,
    )

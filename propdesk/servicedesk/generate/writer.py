"""Bulk writing for the generator: ids reserved from each table's sequence, rows in with PostgreSQL's
COPY (bulk_create in large batches elsewhere), the per-row foreign-key triggers skipped while they go in."""

from __future__ import annotations

import json

from django.db import connection, models
from django.utils import timezone

from propdesk.core.crypto import EncryptedTextField, PhoneIndexField, encrypt


class Writer:
    """Rows for one model, written in batches: COPY on PostgreSQL, bulk_create elsewhere.

    A row is a dict by attribute name; fields not given take the model field's default, so a
    column added later by another module does not break the generator."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        for f in self.fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                self.defaults[f.attname] = timezone.now()
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        # COPY skips the fields' own conversions: personal data is encrypted and indexed here, as
        # get_prep_value and pre_save would (a phone never goes in clear).
        self.encrypted = [f.attname for f in self.fields if isinstance(f, EncryptedTextField)]
        self.indexes = [f for f in self.fields if isinstance(f, PhoneIndexField)]
        self.rows: list[dict] = []
        self.count = 0

    def add(self, **row) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self.model.objects.bulk_create(
                [self.model(**{**self.defaults, **row}) for row in self.rows], batch_size=2000
            )
        self.count += len(self.rows)
        self.rows = []

    def _copy(self) -> None:
        names = [f.attname for f in self.fields if f.attname != "id" or "id" in self.rows[0]]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields if f.attname in names)
        table = connection.ops.quote_name(self.model._meta.db_table)
        defaults = self.defaults
        for row in self.rows:
            for index in self.indexes:
                row[index.attname] = index.index_of(row.get(index.source, defaults[index.source]) or "")
            for name in self.encrypted:
                row[name] = encrypt(row.get(name, defaults[name]) or "")
        # COPY's text format, built here: much faster than adapting value by value.
        lines = [
            "\t".join([_copy_text(row.get(name, defaults[name])) for name in names]) for row in self.rows
        ]
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write("\n".join(lines) + "\n")


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    return str(value)


def reserve_ids(model: type[models.Model], n: int) -> int:
    """The first of `n` consecutive ids nobody else will be given."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [seq])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [seq, first + n])
        return first
    last = model.objects.aggregate(m=models.Max("id"))["m"] or 0
    return last + 1


def fast_inserts(on: bool) -> bool:
    """PostgreSQL, superuser: skip the per-row foreign-key triggers for this session while the
    generated rows (consistent by construction) go in; they are most of the insert time."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(f"SET session_replication_role = {'replica' if on else 'DEFAULT'}")
    return True

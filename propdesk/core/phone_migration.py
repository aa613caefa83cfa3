"""The data step of the migrations that encrypt phone numbers (issue 17, item 13).

Each of those migrations first makes the phone columns text and adds their blind-index columns,
then runs `encrypt_phones(...)` over its tables (the history tables included): every clear number
becomes a Fernet token and its indexes are filled. Raw SQL, so it runs the same on SQLite and
PostgreSQL and does not depend on the models of the day. A value that is already a token is left
alone (running twice is harmless). Backwards decrypts them again (the indexes stay, unused, until
their columns are dropped), and refills the registry's former clear `phone_last4` column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import migrations

from .crypto import decrypt, encrypt, phone_index, phone_last4_index

TOKEN_PREFIX = "gAAAAA"
BATCH = 2000


@dataclass(frozen=True)
class PhoneTable:
    table: str
    phones: tuple[str, ...]
    pk: str = "id"
    # index column -> (phone column, 0 for the whole number or 4 for its last four digits)
    indexes: dict[str, tuple[str, int]] = field(default_factory=dict)
    # backwards only: a former clear column holding the last four digits of a phone column
    clear_last4: dict[str, str] = field(default_factory=dict)


def _index(value: str, last: int) -> str:
    return phone_last4_index(value) if last == 4 else phone_index(value)


def _rows(cursor, qn, spec: PhoneTable):
    cols = ", ".join(qn(c) for c in (spec.pk, *spec.phones))
    cursor.execute(f"SELECT {cols} FROM {qn(spec.table)}")  # noqa: S608  (names from the migration)
    return cursor.fetchall()


def _update(cursor, qn, spec: PhoneTable, columns: list[str], rows: list[list]) -> None:
    sets = ", ".join(f"{qn(c)} = %s" for c in columns)
    sql = f"UPDATE {qn(spec.table)} SET {sets} WHERE {qn(spec.pk)} = %s"  # noqa: S608
    for start in range(0, len(rows), BATCH):
        cursor.executemany(sql, rows[start : start + BATCH])


def _encrypt(specs: tuple[PhoneTable, ...]):
    def forward(apps, schema_editor):
        conn = schema_editor.connection
        qn = conn.ops.quote_name
        with conn.cursor() as cursor:
            for spec in specs:
                columns = [*spec.phones, *spec.indexes]
                updates = []
                for pk, *values in _rows(cursor, qn, spec):
                    plain = dict(zip(spec.phones, (v or "" for v in values), strict=True))
                    if not any(v and not v.startswith(TOKEN_PREFIX) for v in plain.values()):
                        continue
                    plain = {c: decrypt(v) if v.startswith(TOKEN_PREFIX) else v for c, v in plain.items()}
                    row = [encrypt(plain[c]) for c in spec.phones]
                    row += [_index(plain[src], last) for src, last in spec.indexes.values()]
                    updates.append([*row, pk])
                _update(cursor, qn, spec, columns, updates)

    return forward


def _decrypt(specs: tuple[PhoneTable, ...]):
    def backward(apps, schema_editor):
        conn = schema_editor.connection
        qn = conn.ops.quote_name
        with conn.cursor() as cursor:
            for spec in specs:
                columns = [*spec.phones, *spec.clear_last4]
                updates = []
                for pk, *values in _rows(cursor, qn, spec):
                    plain = {
                        c: decrypt(v) if v and v.startswith(TOKEN_PREFIX) else (v or "")
                        for c, v in zip(spec.phones, values, strict=True)
                    }
                    row = [plain[c] for c in spec.phones] + [
                        plain[src][-4:] for src in spec.clear_last4.values()
                    ]
                    updates.append([*row, pk])
                _update(cursor, qn, spec, columns, updates)

    return backward


def encrypt_phones(*specs: PhoneTable) -> migrations.RunPython:
    return migrations.RunPython(_encrypt(specs), _decrypt(specs), elidable=False)

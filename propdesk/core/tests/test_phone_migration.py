"""The data step of the phone-encryption migrations, on a table of its own (SQLite and PostgreSQL)."""

from types import SimpleNamespace

import pytest
from django.db import connection

from propdesk.core.crypto import decrypt, phone_index, phone_last4_index
from propdesk.core.phone_migration import PhoneTable, encrypt_phones

pytestmark = pytest.mark.django_db

SPEC = PhoneTable(
    "test_phones",
    ("phone", "landline"),
    indexes={"phone_index": ("phone", 0), "phone_last4_index": ("phone", 4)},
    clear_last4={"phone_last4": "phone"},
)


def _rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, phone, landline, phone_index, phone_last4_index, phone_last4 FROM test_phones"
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def test_clear_numbers_are_encrypted_and_indexed_then_decrypted_back():
    editor = SimpleNamespace(connection=connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE test_phones (id integer PRIMARY KEY, phone text, landline text,"
            " phone_index varchar(64) DEFAULT '', phone_last4_index varchar(64) DEFAULT '', phone_last4 varchar(4))"
        )
        cursor.executemany(
            "INSERT INTO test_phones (id, phone, landline, phone_last4) VALUES (%s, %s, %s, %s)",
            [(1, "13812345678", "027-88889999", "5678"), (2, "", "", ""), (3, None, None, None)],
        )
    run = encrypt_phones(SPEC)
    run.code(None, editor)
    rows = _rows()
    phone, landline, index, last4, _ = rows[1]
    assert (
        phone.startswith("gAAAAA") and decrypt(phone) == "13812345678" and decrypt(landline) == "027-88889999"
    )
    assert (index, last4) == (phone_index("13812345678"), phone_last4_index("5678"))
    assert rows[2][:4] == ("", "", "", "")  # blank stays blank, no index
    run.code(None, editor)  # twice: the tokens are left alone
    assert _rows()[1][0] == phone
    run.reverse_code(None, editor)
    assert _rows()[1] == ("13812345678", "027-88889999", index, last4, "5678")

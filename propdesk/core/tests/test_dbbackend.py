"""The kept PostgreSQL connection's health check: no round trip while it is quiet, a new connection
after the server ended the old one."""

import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_base

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend's check")


def test_a_quiet_connection_is_usable_without_asking_the_server(postgresql, monkeypatch):
    asked = []
    monkeypatch.setattr(django_base.DatabaseWrapper, "is_usable", lambda self: asked.append(1) or True)
    connection.ensure_connection()
    assert connection.is_usable() is True
    assert asked == []  # SELECT 1 was not sent


def test_a_connection_the_server_ended_is_replaced_before_the_next_request(postgresql):
    import select

    import psycopg

    connection.close()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.ensure_connection()
    assert connection.health_check_enabled
    old_pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    # the server's goodbye reaches the socket
    assert select.select([connection.connection.pgconn.socket], [], [], 5)[0]
    # what Django does when a request starts (close_old_connections), then the request's first query
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        new_pid = cursor.fetchone()[0]
    assert new_pid != old_pid  # a new connection, opened before the query instead of failing it

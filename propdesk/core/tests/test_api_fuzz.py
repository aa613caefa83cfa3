"""The whole API fuzzed by schemathesis from its own OpenAPI schema (issue 17 item 9).

Every operation, for a staff token (the center director: the widest staff permissions) and an owner
token, with a fixed seed and a bounded number of examples: no 5xx, and every answer — status code,
content type, body — is what the schema documents. The schema is generated in-process and the
requests go to the WSGI application, so this runs in `make test` on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from propdesk.conftest import build_world

# Two examples an operation, each sent with both tokens. The world is built once for the module inside
# a transaction that is rolled back at its end; each operation's test runs in a savepoint of it, so no
# request sees another's writes (building the world per operation was half of this module's time).
EXAMPLES = 2

schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
)
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request's end must not close the test's database connection
    (on PostgreSQL the WSGI app's request_finished closed it: "the connection is closed")."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """One world for the whole module, rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield {
            "staff": Token.objects.get_or_create(user=world.director)[0].key,
            "owner": Token.objects.get_or_create(user=world.owner)[0].key,
        }
        transaction.set_rollback(True)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case, tokens):
    for who in ("staff", "owner"):
        case.call_and_validate(headers={"Authorization": f"Token {tokens[who]}"}, checks=CHECKS)

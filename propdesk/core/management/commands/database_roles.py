"""The two PostgreSQL roles PropDesk runs under (issue 17 item 11, docs/operations.md §3).

- the **owner** role owns the schema and its tables; migrations run as it (`DATABASE_URL` of the
  owner for `manage.py migrate`), and it is not a superuser;
- the **application** role is what the web server, the workers and the scheduler connect as: it
  may read and write rows (SELECT, INSERT, UPDATE, DELETE; the sealed money tables' triggers still
  refuse changes and deletions), use the sequences, and nothing else — no TRUNCATE, no DDL, no
  triggers off (`session_replication_role` needs a superuser, which it is not).

`manage.py database_roles` prints the SQL for the current database; `--apply` runs it (as a
superuser, once, and again after adding a role or a schema). Future tables created by the owner
(later migrations) are granted to the application role by default privileges.
"""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def roles_sql(*, owner: str, app: str, database: str, schema: str = "public") -> list[str]:
    """The statements that set up `owner` and `app` on `database` (roles are created NOLOGIN:
    the operator gives each its password with ALTER ROLE … LOGIN PASSWORD)."""
    for name in (owner, app, database, schema):
        if not NAME.match(name):
            raise ValueError(f"{name!r} is not a plain PostgreSQL name")
    data = "SELECT, INSERT, UPDATE, DELETE"
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner}') THEN "
        f"CREATE ROLE {owner} NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB; END IF; END $$",
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app}') THEN "
        f"CREATE ROLE {app} NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS; END IF; END $$",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {owner}, {app}",
        f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {owner}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {app}",
        # What exists now: the application may read and write rows, never truncate or reference.
        f"GRANT {data} ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        # What later migrations create as the owner.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT {data} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]


def transfer_sql(*, owner: str, schema: str = "public") -> list[str]:
    """Give `owner` the schema's tables (their sequences follow) and functions (the triggers'), for
    an install whose first migrations ran as a superuser; objects of extensions stay theirs."""
    return [
        "DO $$ DECLARE r record; BEGIN "
        f"FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = '{schema}' LOOP "
        f"EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', '{schema}', r.tablename, '{owner}'); END LOOP; "
        "FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        f"WHERE n.nspname = '{schema}' AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid "
        "AND d.deptype = 'e') LOOP "
        f"EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.f, '{owner}'); END LOOP; END $$"
    ]


class Command(BaseCommand):
    help = "Print (or --apply) the SQL that sets up the owner and application roles on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="propdesk_owner")
        parser.add_argument("--app", default="propdesk_app")
        parser.add_argument("--schema", default="public")
        parser.add_argument(
            "--apply", action="store_true", help="run the statements (as a superuser), not only print them"
        )
        parser.add_argument(
            "--transfer",
            action="store_true",
            help="also make the owner role own the tables and sequences that exist (after a first migrate "
            "run as a superuser)",
        )

    def handle(self, *args, owner, app, schema, apply, transfer, **options):
        if connection.vendor != "postgresql":
            raise CommandError("database roles are PostgreSQL's; SQLite is a single file with no roles")
        statements = roles_sql(owner=owner, app=app, database=connection.settings_dict["NAME"], schema=schema)
        if transfer:
            statements = statements[:2] + transfer_sql(owner=owner, schema=schema) + statements[2:]
        if not apply:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"roles {owner} (owner) and {app} (application) set up on {connection.settings_dict['NAME']}"
        )

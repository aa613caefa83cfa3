import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from propdesk.core import schema


class Command(BaseCommand):
    help = "Rewrite propdesk/core/schema/sqlite.sql: migrate an empty SQLite database and dump it."

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "snapshot.sqlite3"
            schema.migrate_from_scratch(path)
            schema.SNAPSHOT.write_text(schema.dump(str(path), stable=True))
        self.stdout.write(f"wrote {schema.SNAPSHOT}")

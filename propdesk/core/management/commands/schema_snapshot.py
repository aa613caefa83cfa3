import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from propdesk.core import schema


class Command(BaseCommand):
    help = "Rewrite propdesk/core/schema/sqlite.sql: migrate an empty SQLite database and dump it."

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "snapshot.sqlite3"
            env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
            env |= {"SQLITE_PATH": str(path), "PROPDESK_VAR_DIR": tmp}
            subprocess.run(
                [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "-v", "0"],
                env=env,
                check=True,
            )
            schema.SNAPSHOT.write_text(schema.dump(str(path), stable=True))
        self.stdout.write(f"wrote {schema.SNAPSHOT}")

from django.core.management.base import BaseCommand

from propdesk.registry.services.imports import purge_import_files


class Command(BaseCommand):
    help = "Periodic job: delete uploaded Excel files past IMPORT_FILE_RETENTION_DAYS (idempotent)."

    def handle(self, *args, **options):
        deleted = purge_import_files()
        self.stdout.write(f"import files deleted: {deleted}")

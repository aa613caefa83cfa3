from django.core.management.base import BaseCommand

from propdesk.core.logins import purge_login_attempts


class Command(BaseCommand):
    help = "Periodic job: forget login attempts older than the retention period (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        deleted = purge_login_attempts(older_than_days=days)
        self.stdout.write(f"login attempts purged: {deleted}")

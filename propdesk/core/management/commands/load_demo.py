from django.core.management.base import BaseCommand

from propdesk.core import demo
from propdesk.core.models import Company


class Command(BaseCommand):
    help = "Load the demo company (idempotent). --if-empty: only when the database has no company yet."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Company.objects.exists():
            self.stdout.write("database already has data: demo not loaded")
            return
        result = demo.load_demo()
        if result is None:
            self.stdout.write("demo already loaded")
            return
        self.stdout.write(f"demo loaded: {result.company} — {result.community}, {result.tower}")

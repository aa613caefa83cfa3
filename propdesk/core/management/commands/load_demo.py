from django.core.management.base import BaseCommand

from propdesk.core import demo
from propdesk.core.models import Company

HISTORY = 8000  # requests of the past year in the residential project (`--history`)


class Command(BaseCommand):
    help = (
        "Load the demo company (idempotent). --if-empty: only when the database has no company yet. "
        f"--history [N]: also a year of history, N requests (default {HISTORY})."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")
        parser.add_argument("--history", type=int, nargs="?", const=HISTORY, default=0)

    def handle(self, *args, if_empty=False, history=0, **options):
        if if_empty and Company.objects.exists():
            self.stdout.write("database already has data: demo not loaded")
            return
        result = demo.load_demo(history=history)
        if result is None:
            self.stdout.write("demo already loaded")
            return
        self.stdout.write(f"demo loaded: {result.company} — {result.community}, {result.tower}")
        if options.get("verbosity", 1) > 1 or history:
            steps = ", ".join(
                f"{name.split('.')[1]}.{name.rsplit('.', 1)[1]} {s} s" for name, s in result.seconds.items()
            )
            self.stdout.write(f"  steps: {steps}")

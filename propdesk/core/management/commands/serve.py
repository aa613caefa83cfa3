from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from propdesk.core.demo import demo_logins
from propdesk.core.jobs import InProcessScheduler


class Command(BaseCommand):
    help = "Serve PropDesk for a single machine: the web server plus the in-process job scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, addr, no_scheduler, **options):
        if settings.INPROCESS_SCHEDULER and not no_scheduler:
            InProcessScheduler().start()
            self.stdout.write("in-process scheduler started (periodic jobs run inside this process)")
        else:
            self.stdout.write(
                "in-process scheduler off: run `celery -A propdesk worker` and `celery -A propdesk beat`"
            )
        self._print_logins()
        call_command("runserver", addr, use_reloader=False, use_threading=True)

    def _print_logins(self):
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write(f"\nDemo logins (password: {settings.DEMO_PASSWORD})")
        for username, name, where in logins:
            self.stdout.write(f"  {username:24} {name:8}  {where}")
        self.stdout.write("")

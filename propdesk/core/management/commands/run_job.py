from django.core.management.base import BaseCommand, CommandError

from propdesk.core import jobs


class Command(BaseCommand):
    help = "Run a registered periodic job now and record the run (list them with --list)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("--list", action="store_true")

    def handle(self, *args, name=None, list=False, **options):
        if list or not name:
            for job in jobs.registered():
                self.stdout.write(f"{job.name:30} {job.schedule_text():20} {job.description}")
            return
        try:
            run = jobs.run_job(name, trigger="command")
        except KeyError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(run.output)
        if not run.succeeded:
            raise CommandError(f"job {name} failed")

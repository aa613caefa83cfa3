from django.core.management.base import BaseCommand

from propdesk.core.audit import acting_as, system_user
from propdesk.core.models import Project
from propdesk.sla.defaults import load_sla_defaults


class Command(BaseCommand):
    help = "Seed business calendars and the default SLA policies in every project (idempotent; keeps edits)."

    def add_arguments(self, parser):
        parser.add_argument("--project", help="only this project code")

    def handle(self, *args, **options):
        actor = system_user()
        projects = Project.objects.filter(is_active=True).order_by("pk")
        if options["project"]:
            projects = projects.filter(code=options["project"])
        total = 0
        with acting_as(actor):
            for project in projects:
                total += load_sla_defaults(project=project, actor=actor)
        self.stdout.write(f"SLA policies created: {total}")

from django.core.management.base import BaseCommand

from propdesk.servicedesk.services import kpi_rollups


class Command(BaseCommand):
    help = (
        "Build the service desk KPI roll-ups of whole past days that are missing or were changed since "
        "(idempotent; the KPIs are exact without it, only slower)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", type=int, action="append", help="project id (default: all)")

    def handle(self, *args, **options):
        result = kpi_rollups.refresh(options["project"])
        self.stdout.write(str(result))

from django.core.management.base import BaseCommand

from propdesk.core.audit import acting_as, system_user
from propdesk.sla.sweeper import sweep


class Command(BaseCommand):
    help = "Mark SLA breaches and fire the escalations that are due (idempotent; catches up after downtime)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        actor = system_user()
        with acting_as(actor):
            result = sweep(batch_size=options["batch_size"], actor=actor)
        self.stdout.write(str(result))

from django.core.management.base import BaseCommand

from propdesk.billing.services.dunning import start_promise_clocks


class Command(BaseCommand):
    help = "Start the SLA clock of every payment promise whose day has come. Idempotent."

    def handle(self, *args, **options):
        self.stdout.write(f"started {start_promise_clocks()} promise clocks")

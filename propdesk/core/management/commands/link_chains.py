from django.core.management.base import BaseCommand

from propdesk.core import chains


class Command(BaseCommand):
    help = "Append the hash-chain links of new money rows and personal-data accesses (core.chains)."

    def handle(self, *args, **options):
        self.stdout.write(f"{chains.link()} links added")

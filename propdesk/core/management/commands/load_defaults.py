from django.core.management.base import BaseCommand

from propdesk.core.audit import acting_as, system_user
from propdesk.core.services import load_default_positions


class Command(BaseCommand):
    help = "Seed positions and their default permission sets (idempotent; never overwrites edits)."

    def handle(self, *args, **options):
        with acting_as(system_user()):
            created = load_default_positions(actor=system_user())
        self.stdout.write(f"positions created: {created}")

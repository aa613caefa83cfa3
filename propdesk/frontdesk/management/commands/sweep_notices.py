from django.core.management.base import BaseCommand

from propdesk.core.audit import acting_as, system_user
from propdesk.frontdesk.services import expire_due_notices, note_overdue_postings


class Command(BaseCommand):
    help = (
        "Notices: expire published notices past their last day (boards not yet posted need nothing), "
        "and note each board overdue to post or to clear, telling its butler once. Idempotent; catches up."
    )

    def handle(self, *args, **options):
        actor = system_user()
        with acting_as(actor):
            expired = expire_due_notices(actor=actor)
            overdue = note_overdue_postings(actor=actor)
        self.stdout.write(f"{expired} notices expired, {overdue} boards overdue")

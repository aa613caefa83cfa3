import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from propdesk.core.audit import acting_as, system_user
from propdesk.core.models import Project
from propdesk.paidservices.services import due_summary_month, produce_summary


class Command(BaseCommand):
    help = (
        "Special services summary: make each project's summary of the statistics month that has ended "
        "(21st of the previous month to the 20th) and notify the center director. Runs daily; "
        "idempotent; a missed day is caught up by the next run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM: make this month's summary instead of the due one")

    def handle(self, *args, **options):
        if options.get("month"):
            try:
                month = dt.datetime.strptime(options["month"], "%Y-%m").date()
            except ValueError:
                raise CommandError("--month must be YYYY-MM") from None
        else:
            month = due_summary_month(timezone.localdate())
        actor = system_user()
        made = 0
        with acting_as(actor):
            for project in Project.objects.filter(is_active=True).order_by("pk"):
                _summary, created = produce_summary(project=project, month=month, actor=actor)
                made += created
        self.stdout.write(f"{month:%Y-%m}: {made} summaries made")

"""Run (or resume) a billing run in this process: `manage.py billing_run --run 12` or
`manage.py billing_run --project garden-a --period 2026-03`. Used by operators after a
crash and by the SIGKILL reliability test; safe to run any number of times. `--workers N`
overrides BILLING_RUN_WORKERS for this run (PostgreSQL; SQLite uses one)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from propdesk.billing.models import BillingRun
from propdesk.billing.services import execute_billing_run
from propdesk.core.audit import system_user
from propdesk.core.models import Project


class Command(BaseCommand):
    help = "Run or resume a billing run (one line per unit, item and month; resumes after the last batch)."

    def add_arguments(self, parser):
        parser.add_argument("--run", type=int, help="the id of an existing run to resume")
        parser.add_argument("--project", help="project code, with --period, to start a new run")
        parser.add_argument("--period", help="YYYY-MM")
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="batches run at once on PostgreSQL (default: the BILLING_RUN_WORKERS setting)",
        )

    def handle(self, *args, run=None, project=None, period=None, batch_size=None, workers=None, **options):
        if run is None:
            if not (project and period):
                raise CommandError("give --run, or --project and --period")
            project_obj = Project.objects.get(code=project)
            month = dt.datetime.strptime(period, "%Y-%m").date()
            run_obj = BillingRun.objects.create(
                project=project_obj,
                period=month,
                started_by=system_user(),
                total_units=project_obj.units.count(),
            )
            run = run_obj.pk
        result = execute_billing_run(run, batch_size=batch_size, workers=workers)
        self.stdout.write(f"run {result.pk}: {result.status}, {result.lines_created} lines")

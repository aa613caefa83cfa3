import time

from django.core.management.base import BaseCommand, CommandError

from propdesk.core import generate


class Command(BaseCommand):
    help = "Generate benchmark data: a project with N units and their owners, through bulk paths (no audit history)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, required=True, help="number of units, e.g. 100000")
        parser.add_argument("--project-code", default=None, help="default: bench-<units>")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--requests", type=int, default=0, help="historical owner requests over 12 months (service desk)"
        )

    def handle(self, *args, units, project_code, seed, requests=0, **options):
        if units < 1:
            raise CommandError("--units must be at least 1")
        started = time.perf_counter()
        result = generate.generate(
            units=units,
            project_code=project_code or f"bench-{units}",
            seed=seed,
            requests=requests,
            progress=lambda msg: self.stdout.write(msg),
        )
        self.stdout.write(f"done in {time.perf_counter() - started:.1f}s: {result}")

import logging

from django.core.management.base import BaseCommand, CommandError

from propdesk.core import chains
from propdesk.core.models import Project

log = logging.getLogger("propdesk.security")


class Command(BaseCommand):
    help = (
        "Link new rows, then recompute every project's hash chains: print each chain's head, name what no "
        "longer matches, alert the company's administrators and fail when anything does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", help="a project's code (default: every project)")

    def handle(self, *args, project=None, **options):
        projects = Project.objects.order_by("pk")
        if project:
            projects = projects.filter(code=project)
            if not projects.exists():
                raise CommandError(f"no project with code {project!r}")
        self.stdout.write(f"{chains.link()} links added")
        broken = 0
        for each in projects:
            problems, heads = chains.verify(each)
            for head in heads:
                self.stdout.write(
                    f"{each.code} {head.table}: {head.links} links, head {head.chain_hash or '-'}"
                )
            if problems:
                broken += 1
                for problem in problems[:200]:
                    self.stdout.write(f"{each.code} BROKEN {problem}")
                log.error("hash chain broken in project %s: %d problems", each.code, len(problems))
                chains.alert(each, problems)
        if broken:
            raise CommandError(f"hash chains broken in {broken} project(s)")
        self.stdout.write("every chain verified")

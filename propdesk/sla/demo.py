"""Demo: the seed SLA policies and calendars for both demo projects."""

from .defaults import load_sla_defaults


def demo_step(demo) -> None:
    for project in (demo.community, demo.tower):
        load_sla_defaults(project=project)

"""Sample rows of project A for the route authorization test."""


def _clock(world):
    from .helpers import sample_clock

    return sample_clock(world)


def _defaults(model_name):
    def build(world):
        from propdesk.sla import models
        from propdesk.sla.defaults import load_sla_defaults

        load_sla_defaults(project=world.project)
        return getattr(models, model_name).objects.filter(project=world.project).order_by("pk").first()

    return build


def _breach(world):
    import time_machine

    from propdesk.sla.models import Breach
    from propdesk.sla.sweeper import sweep

    from .helpers import at

    clock = _clock(world)
    with time_machine.travel(at(2026, 3, 10, 10), tick=False):
        sweep()
    return Breach.objects.get(clock=clock)


SAMPLES = {
    "sla.SlaClock": _clock,
    "sla.Calendar": _defaults("Calendar"),
    "sla.SlaPolicy": _defaults("SlaPolicy"),
    "sla.SlaTarget": _defaults("SlaTarget"),
    "sla.Breach": _breach,
}

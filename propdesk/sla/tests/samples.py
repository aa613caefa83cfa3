"""Sample rows of project A for the route authorization test."""


def _clock(world):
    from .helpers import sample_clock

    return sample_clock(world)


SAMPLES = {"sla.SlaClock": _clock}

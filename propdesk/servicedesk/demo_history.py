"""A year of service-desk history for the demo's residential project, so the KPI page, the SLA
overview and the director's landing page have a year's shape at once.

Runs when `load_demo --history N` asks for it (`serve --setup` does; tests mostly do not), after
the categories and today's handful of requests. The rows come from the benchmark generator
(`generate_requests`: bulk inserts, consistent by construction — requests with their events, work
orders, complaint reports, callbacks, SLA clocks and breaches), given the demo's own staff and the
seasonal shape of a year; the KPI roll-ups are then built so the KPI page is right at once.
"""

from __future__ import annotations

import random
import time

from propdesk.core.generate import Generated
from propdesk.registry.models import Unit

from .generate import generate_requests
from .services import kpi_rollups

# The demo's people by the generator's position codes.
STAFF = {
    "center_director": ["director"],
    "cs_supervisor": ["cs_supervisor"],
    "frontdesk_assistant": ["frontdesk"],
    "butler": ["butler"],
    "dispatcher": ["dispatcher"],
    "engineering_supervisor": ["eng_supervisor"],
    "technician": ["technician", "technician_li", "technician_wang", "technician_zhao"],
}


def history_step(demo) -> dict[str, int]:
    if demo.history <= 0:
        return {}
    started = time.monotonic()
    project = demo.community
    # The people the demo has (a smaller cast, as in the tests, works too).
    staff = {
        code: [demo.users[name].pk for name in names if name in demo.users] for code, names in STAFF.items()
    }
    gen = Generated(
        project=project,
        units=Unit.objects.filter(project=project).count(),
        rng=random.Random(18),
        progress=lambda msg: None,
        options={"requests": demo.history, "staff": staff, "seasonal": True},
    )
    generate_requests(gen)
    kpi_rollups.refresh([project.pk])
    gen.counts["seconds"] = round(time.monotonic() - started, 1)
    return gen.counts

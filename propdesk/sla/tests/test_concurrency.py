"""Two sweepers at the same time fire each escalation exactly once (PostgreSQL: SKIP LOCKED + unique)."""

import threading

import pytest
import time_machine
from django.db import connection

from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.models import EscalationFired, SlaClock
from propdesk.sla.services import record_event
from propdesk.sla.sweeper import sweep

from .helpers import at

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_sweepers_at_once_fire_each_escalation_exactly_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SKIP LOCKED); SQLite serialises writers anyway")
    from propdesk.registry.services import create_unit

    load_sla_defaults(project=world.project)
    units = [world.unit] + [
        create_unit(
            building=world.building,
            entrance="1",
            floor=2,
            number=f"{200 + i}",
            building_area=50,
            status="occupied",
        )
        for i in range(40)
    ]
    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        for unit in units:
            record_event(
                subject=unit,
                event="received",
                at=at(2026, 3, 10, 9),
                actor=world.frontdesk,
                attrs={"kind": "repair"},
                holder=world.butler,
            )
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        from django.db import connections

        try:
            barrier.wait()
            with time_machine.travel(at(2026, 3, 13, 9), tick=False):
                results.append(sweep(batch_size=7))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    resolve_clocks = SlaClock.objects.filter(code="resolve").count()
    # Each resolve clock: the 80 % warning is skipped once breached; breach escalation + director an hour later.
    assert EscalationFired.objects.filter(clock__code="resolve").count() == 2 * resolve_clocks
    # Never dispatched either: each repair's 20-minute dispatch clock breached too, once.
    assert SlaClock.objects.filter(code="dispatch", state="breached").count() == resolve_clocks
    assert sum(r.breaches for r in results) == 2 * resolve_clocks
    assert sum(r.fired for r in results) == EscalationFired.objects.count()

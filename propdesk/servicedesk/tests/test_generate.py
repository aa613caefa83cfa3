"""`generate_data --requests N`: historical requests with their events, orders, callbacks and clocks."""

import pytest
from django.db.models import Count

from propdesk.core import generate
from propdesk.servicedesk.models import Callback, RequestCounter, RequestEvent, ServiceRequest, WorkOrder
from propdesk.sla.models import Breach, SlaClock

pytestmark = pytest.mark.django_db


def test_generated_requests_are_a_realistic_year_of_the_service_desk():
    result = generate.generate(units=60, project_code="gen-test", seed=3, requests=1500)
    project = result.project
    requests = ServiceRequest.objects.filter(project=project)
    assert requests.count() == 1500 == result.counts["requests"]
    kinds = dict(requests.values_list("kind").annotate(n=Count("id")))
    assert kinds["repair"] > 700 and kinds["complaint"] > 60 and len(kinds) >= 6
    assert requests.values("channel").distinct().count() >= 6
    # Numbers are unique per project and the counters continue after them.
    assert requests.values("number").distinct().count() == 1500
    last = RequestCounter.objects.filter(project=project).order_by("-day").first()
    assert requests.filter(number__endswith=f"-{last.day:%Y%m%d}-{last.last:04d}").exists()
    # Old requests are closed with a callback; recent ones are still open with running clocks.
    closed = requests.filter(status="closed").count()
    assert closed > 1200
    assert Callback.objects.filter(project=project).count() >= closed * 0.9
    assert requests.exclude(status__in=["closed", "cancelled"]).exists()
    assert SlaClock.objects.filter(project=project, state="running").exists()
    # Every request has its timeline; every dispatched repair has its work order, and only those: an open
    # repair not dispatched yet waits in the dispatch queue, received, with no order.
    assert RequestEvent.objects.filter(project=project).values("request").distinct().count() == 1500
    dispatched = RequestEvent.objects.filter(project=project, kind="dispatched")
    assert WorkOrder.objects.filter(project=project).count() == dispatched.count() <= kinds["repair"]
    assert not WorkOrder.objects.filter(project=project, request__status="received").exists()
    # Some arrivals were late: breaches recorded against a person, most clocks met.
    arrive = SlaClock.objects.filter(project=project, code="arrive")
    breached = arrive.filter(state="breached").count()
    assert 0 < breached < arrive.filter(state="met").count() / 5
    assert Breach.objects.filter(project=project, clock__code="arrive").count() == breached
    assert not Breach.objects.filter(project=project, person__isnull=True).exists()

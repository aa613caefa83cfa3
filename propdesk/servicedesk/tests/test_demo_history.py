"""The demo's year of history (`load_demo --history N`): twelve months of requests with a seasonal
shape, arrivals mostly on time, callbacks for the resolved, and KPI roll-ups built at once."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from propdesk.servicedesk import kpis
from propdesk.servicedesk.demo_history import history_step
from propdesk.servicedesk.models import Callback, KpiDay, ServiceRequest
from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.models import SlaClock

pytestmark = pytest.mark.django_db


def test_history_is_a_year_with_shape_and_the_kpi_page_shows_it(desk, login):
    load_sla_defaults(project=desk.project)
    counts = history_step(SimpleNamespace(community=desk.project, users=desk.users, history=1500))
    assert counts["requests"] == 1500
    requests = ServiceRequest.objects.filter(project=desk.project)
    # Every one of the last twelve months has requests; the demo's own people handled them.
    now = timezone.localtime()
    months = set()
    for received in requests.values_list("received_at", flat=True):
        local = timezone.localtime(received)
        months.add((local.year, local.month))
    for back in range(12):
        day = (now.replace(day=1) - dt.timedelta(days=28 * back)).date()
        assert (day.year, day.month) in months, day
    assert set(requests.values_list("first_receiver__username", flat=True)) <= {
        "frontdesk",
        "butler",
        "cs_supervisor",
    }
    # Seasons: air conditioning in summer, pipes and heating in winter.
    by = dict(
        requests.filter(category__code="aircon", received_at__month__in=[6, 7, 8])
        .values_list("category__code")
        .annotate(n=Count("id"))
    )
    winter_ac = requests.filter(category__code="aircon", received_at__month__in=[12, 1, 2]).count()
    assert by.get("aircon", 0) > 2 * winter_ac
    # Arrivals on time 90–97 %; most resolved requests have their callback.
    arrive = SlaClock.objects.filter(project=desk.project, code="arrive")
    met, breached = arrive.filter(state="met").count(), arrive.filter(state="breached").count()
    assert 0.90 <= met / (met + breached) <= 0.97
    closed = requests.filter(status="closed").count()
    assert Callback.objects.filter(project=desk.project).count() >= closed * 0.9
    # The KPI roll-ups are built: the page shows the year at once.
    assert KpiDay.objects.filter(project=desk.project).count() >= 360
    page = login(desk.users["director"]).get(reverse("servicedesk:kpis"), {"period": "last_12"})
    assert page.status_code == 200
    assert 'data-kpi="arrival"' in page.content.decode()
    start = timezone.now() - dt.timedelta(days=365)
    rows = {r.code: r for r in kpis.compute([desk.project.pk], start, timezone.now())}
    arrival = rows["arrival"]
    assert arrival.denominator > 500 and 90 <= arrival.rate <= 97, (arrival.numerator, arrival.denominator)
    director = login(desk.users["director"])
    assert director.get(reverse("core:dashboard")).status_code == 200
    assert director.get(reverse("sla:overview")).status_code == 200
    assert counts["seconds"] >= 0


def test_no_history_unless_asked(desk):
    assert history_step(SimpleNamespace(community=desk.project, users=desk.users, history=0)) == {}
    assert not ServiceRequest.objects.filter(project=desk.project).exists()

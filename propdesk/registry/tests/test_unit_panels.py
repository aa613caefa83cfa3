"""The unit page is the household's whole record (一户一档): each module's panel shows what the viewer
may see, a few rows with a "more" link, and the page's query count does not grow with the history."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from propdesk.billing import services as billing
from propdesk.billing.services import cash as cash_services
from propdesk.billing.services import deposit as deposit_services
from propdesk.core.access import project_permissions
from propdesk.servicedesk.models import Callback
from propdesk.servicedesk.services import receive_request

pytestmark = pytest.mark.django_db

PANELS = {
    "unit-requests": "servicedesk.view_servicerequest",
    "unit-bills": "billing.view_bill",
    "unit-payments": "billing.view_payment",
    "unit-deposits": "billing.view_deposit",
    "unit-callbacks": "servicedesk.view_callback",
}


def furnish(world, n_requests=3):
    """Two billed months, one payment with its receipt, a deposit, requests and a callback."""
    billing.load_default_charge_items(
        project=world.project, actor=world.director, effective_from=dt.date(2020, 1, 1)
    )
    cash_services.open_drawer(project=world.project, actor=world.cashier, opening_float=Decimal("500.00"))
    for period in (dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        run = billing.start_billing_run(project=world.project, period=period, actor=world.cashier)
        billing.execute_billing_run(run.pk)
    billing.take_payment(unit=world.unit, amount=Decimal("100.00"), method="cash", actor=world.cashier)
    deposit_services.take_deposit(
        unit=world.unit, kind="renovation", amount=Decimal("2000.00"), method="cash", actor=world.cashier
    )
    requests = [
        receive_request(
            project=world.project,
            actor=world.frontdesk,
            kind="repair",
            channel="phone",
            content=f"厨房漏水 {i}",
            reporter_name="业主",
            unit=world.unit,
        )
        for i in range(n_requests)
    ]
    Callback.objects.create(
        project=world.project,
        request=requests[0],
        method="phone",
        satisfaction="satisfied",
        owner_words="修得很好",
        done_by=world.cs_supervisor,
        done_at=timezone.now(),
    )
    return requests


@pytest.fixture
def household(world):
    with time_machine.travel(dt.datetime(2026, 4, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        furnish(world)
    return world


def _page(login, user, unit):
    return login(user).get(f"/registry/units/{unit.pk}/").content.decode()


ROLES = ["frontdesk", "butler", "cashier", "technician", "cs_supervisor", "director", "dispatcher"]


def test_each_role_sees_the_panels_of_its_permissions(household, login):
    for who in ROLES:
        user = getattr(household, who)
        held = project_permissions(user, household.project)
        html = _page(login, user, household.unit)
        for testid, perm in PANELS.items():
            assert (f'data-testid="{testid}"' in html) == (perm in held), (who, testid)
    # Not every role sees everything: the technician has no money panels.
    assert 'data-testid="unit-bills"' not in _page(login, household.technician, household.unit)


def test_the_director_sees_the_whole_record(household, login):
    html = _page(login, household.director, household.unit)
    assert "厨房漏水 0" in html and "已受理" in html  # a request and its state badge
    assert 'data-testid="unit-outstanding"' in html and "¥" in html  # what the unit owes
    assert 'data-testid="receipt-pdf"' in html and "/billing/receipts/" in html  # receipt PDF link
    assert "修得很好" in html  # the callback
    assert f"/servicedesk/?unit={household.unit.pk}&amp;status=all" in html
    assert f"/billing/bills/?unit={household.unit.pk}" in html
    client = login(household.director)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/registry/units/{household.unit.pk}/").content.decode()
    for words in ("Requests", "Bills and arrears", "Payments and receipts", "Callbacks", "Received"):
        assert words in english, words
    for chinese in ("账单与欠费", "缴费与收据", "回访记录", "已受理"):
        assert chinese not in english, chinese


def test_more_links_open_the_lists_filtered_to_the_unit(household, login):
    client = login(household.director)
    requests = client.get(f"/servicedesk/?unit={household.unit.pk}&status=all").content.decode()
    assert "厨房漏水" in requests and 'data-testid="unit-filter"' in requests
    bills = client.get(f"/billing/bills/?unit={household.unit.pk}").content.decode()
    assert household.unit.label in bills
    receipts = client.get(f"/billing/receipts/?unit={household.unit.pk}").content.decode()
    assert "SJ" in receipts


def test_a_few_rows_a_more_link_and_no_query_per_row(world, login, django_assert_max_num_queries):
    at = dt.datetime(2026, 4, 20, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(at, tick=False):
        furnish(world, n_requests=2)
    client = login(world.director)
    url = f"/registry/units/{world.unit.pk}/"
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with time_machine.travel(at + dt.timedelta(hours=1), tick=False):
        for i in range(10):
            receive_request(
                project=world.project,
                actor=world.frontdesk,
                kind="inquiry",
                channel="phone",
                content=f"咨询 {i}",
                reporter_name="业主",
                unit=world.unit,
            )
            billing.take_payment(unit=world.unit, amount=Decimal("1.00"), method="cash", actor=world.cashier)
    with django_assert_max_num_queries(len(few)), CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few), "the unit page reads more queries with more history"
    assert len(few) <= 40
    assert html.count("咨询 ") == 8  # PANEL_ROWS
    assert 'data-testid="unit-requests-more"' in html


def test_the_outsider_gets_nothing(household, login):
    assert login(household.outsider).get(f"/registry/units/{household.unit.pk}/").status_code == 404

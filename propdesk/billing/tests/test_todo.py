"""Billing's to-do sections (issue 18 item 4): the butler's arrears visits in her buildings only,
the cashier's drawer of the day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from propdesk.billing.models import DrawerSession, DunningCase
from propdesk.billing.services import dunning as dunning_services
from propdesk.core import todo

from .test_dunning_scope import two_buildings  # noqa: F401  (the fixture: 3-2-1501 and 5-1-101 owe)

pytestmark = pytest.mark.django_db


def shown(user, project, key, now=None):
    return {s.section.key: s for s in todo.sections_for(user, project, now=now)}.get(key)


def test_the_butler_visits_arrears_of_her_buildings_only(two_buildings):  # noqa: F811
    world = two_buildings
    dunning_services.open_cases_for_arrears(project=world.project, actor=world.director)
    mine = DunningCase.objects.get(unit=world.unit)
    section = shown(world.butler, world.project, "billing_dunning")
    assert [item.about for item in section.items] == ["3-2-1501"]
    assert section.items[0].url == reverse("billing:dunning_case", args=[mine.pk])
    assert shown(world.cashier, world.project, "billing_dunning") is None
    assert shown(world.frontdesk, world.project, "billing_dunning") is None


def test_the_cashier_closes_yesterdays_drawer_first(billing):
    session = DrawerSession.objects.get(project=billing.project, cashier=billing.cashier)
    tomorrow = timezone.now() + dt.timedelta(days=1, hours=1)
    section = shown(billing.cashier, billing.project, "billing_drawer", now=tomorrow)
    assert section.items[0].shown_colour == "danger", "a drawer not closed the day it opened is overdue"
    assert section.items[0].url == reverse("billing:my_drawer")
    today = shown(billing.cashier, billing.project, "billing_drawer", now=session.opened_at)
    assert today.items[0].shown_colour in ("success", "warning")
    assert shown(billing.butler, billing.project, "billing_drawer") is None


def test_a_cashier_without_an_open_drawer_is_asked_to_open_one(world):
    section = shown(world.cashier, world.project, "billing_drawer")
    assert len(section.items) == 1 and section.items[0].due is None


def test_the_cashiers_open_payment_orders_wait_on_her_page(billing):
    from decimal import Decimal

    from propdesk.billing import services
    from propdesk.billing.models import ProviderAccount

    ProviderAccount.objects.create(
        project=billing.project, method="wechat", merchant_id="1900000109", signing_key="k" * 32
    )
    services.create_payment_order(
        unit=billing.unit, amount=Decimal("88.00"), method="wechat", actor=billing.cashier, payer_name="张三"
    )
    section = shown(billing.cashier, billing.project, "billing_orders")
    assert [i.about for i in section.items] == ["3-2-1501"] and "88.00" in section.items[0].note
    assert shown(billing.butler, billing.project, "billing_orders") is None

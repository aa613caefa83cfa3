"""The head of the performing department finds special services to confirm on the landing page."""

import pytest
from django.urls import reverse

from propdesk.core import todo
from propdesk.paidservices.services import create_order

pytestmark = pytest.mark.django_db


def shown(user, project, key):
    return {s.section.key: s for s in todo.sections_for(user, project)}.get(key)


def test_an_order_waits_for_the_head_of_its_department_only(world):
    order = create_order(
        actor=world.frontdesk,
        unit=world.unit,
        content="疏通下水",
        customer_name="张三",
        department_kind="engineering",
    )
    section = shown(world.eng_supervisor, world.project, "paid_confirm")
    assert [i.url for i in section.items] == [reverse("paidservices:special_order", args=[order.pk])]
    assert "3-2-1501" in section.items[0].about
    assert shown(world.cs_supervisor, world.project, "paid_confirm") is None
    assert shown(world.frontdesk, world.project, "paid_confirm") is None

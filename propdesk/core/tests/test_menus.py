"""Menus show only what the role may open: every entry of every seeded position's menu answers 200.

Issue 18: "时限达标概览" was in six roles' menus and answered 403. The menu now also asks the
permission the entry's view requires (`core.nav.view_perms`), and this test walks every menu.
"""

import pytest

from propdesk.core import nav
from propdesk.core.defaults import POSITIONS
from propdesk.core.models import Position, PositionScope, User
from propdesk.core.services import add_membership, grant_company_role

pytestmark = pytest.mark.django_db


def _user_holding(world, code: str) -> User:
    position = Position.objects.get(code=code)
    user = User.objects.create_user(username=f"menu-{code}", password="pw", display_name=code)
    if position.scope == PositionScope.COMPANY:
        grant_company_role(user=user, company=world.company, position=position)
    else:
        add_membership(user=user, project=world.project, position=position)
    return user


STAFF_POSITIONS = [code for code, _name, scope, *_rest in POSITIONS if scope != PositionScope.EXTERNAL]


@pytest.mark.parametrize("code", STAFF_POSITIONS)
def test_every_menu_entry_opens_for_the_position(world, client, code):
    user = _user_holding(world, code)
    client.force_login(user)
    session = client.session
    session["propdesk_project_id"] = world.project.pk
    session.save()
    menu = nav.menu_for(user, world.project)
    urls = [item["url"] for section in menu for item in section["items"]]
    assert urls, f"{code} has an empty menu"
    refused = []
    for url in urls:
        response = client.get(url, follow=True)  # the workbench may send a technician to his cards
        if response.status_code != 200:
            refused.append((url, response.status_code))
    assert not refused, f"{code}: menu entries that do not open: {refused}"


def test_the_deadline_overview_is_only_in_the_menus_of_who_may_open_it(world):
    for persona in ("frontdesk", "dispatcher", "technician", "butler"):
        menu = nav.menu_for(world.users[persona], world.project)
        names = {item["url_name"] for section in menu for item in section["items"]}
        assert "sla:overview" not in names, persona
    names = {i["url_name"] for s in nav.menu_for(world.director, world.project) for i in s["items"]}
    assert "sla:overview" in names


@pytest.mark.parametrize("code", STAFF_POSITIONS)
def test_a_page_appears_once_in_a_menu_in_the_persons_own_trade(world, code):
    """特约服务 is registered under engineering and finance: a cashier saw it twice (issue 18)."""
    user = _user_holding(world, code)
    menu = nav.menu_for(user, world.project)
    names = [item["url_name"] for section in menu for item in section["items"]]
    assert len(names) == len(set(names)), f"{code}: {sorted(n for n in names if names.count(n) > 1)}"
    if code == "cashier":
        finance = next(s for s in menu if s["key"] == "finance")
        assert "paidservices:special_orders" in {i["url_name"] for i in finance["items"]}

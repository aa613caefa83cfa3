import pytest

from propdesk.core.models import Position, User
from propdesk.core.services import add_membership
from propdesk.servicedesk.services import load_default_categories


@pytest.fixture
def desk(world):
    """The world plus request categories and a security guard (a front-line employee of security)."""
    load_default_categories(project=world.project)
    guard = User.objects.create_user(username="guard", password="pw-guard", display_name="保安小邵")
    add_membership(user=guard, project=world.project, position=Position.objects.get(code="security_guard"))
    security_head = User.objects.create_user(
        username="security_head", password="pw-sec", display_name="秩序主管"
    )
    add_membership(
        user=security_head, project=world.project, position=Position.objects.get(code="security_supervisor")
    )
    world.users["guard"] = guard
    world.users["security_head"] = security_head
    return world


@pytest.fixture
def category(desk):
    from propdesk.servicedesk.models import Category

    return lambda code: Category.objects.get(project=desk.project, code=code)

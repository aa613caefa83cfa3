import pytest

from propdesk.core.access import (
    get_object_for_user,
    get_project_for_user,
    has_project_perm,
    project_permissions,
    visible_project_ids,
)
from propdesk.core.models import Department, Membership, Project
from propdesk.registry.models import Building, Unit

pytestmark = pytest.mark.django_db


def test_staff_see_only_the_projects_they_work_in(world):
    assert visible_project_ids(world.frontdesk) == {world.project.pk}
    assert visible_project_ids(world.outsider) == {world.other_project.pk}


def test_general_manager_sees_every_project_of_the_company_and_no_other(world):
    assert visible_project_ids(world.gm) == {world.project.pk, world.second_project.pk}
    assert world.other_project.pk not in visible_project_ids(world.gm)
    assert has_project_perm(world.gm, world.second_project, "core.access_reports")


def test_owner_is_not_staff_of_the_project(world):
    assert visible_project_ids(world.owner) == frozenset()
    assert Unit.objects.for_user(world.owner).count() == 0


def test_permissions_follow_the_position(world):
    assert has_project_perm(world.cashier, world.project, "core.access_finance")
    assert not has_project_perm(world.cashier, world.project, "core.access_engineering")
    assert has_project_perm(world.technician, world.project, "core.access_engineering")
    assert not has_project_perm(world.technician, world.project, "registry.view_party")
    assert has_project_perm(world.director, world.project, "core.access_settings")
    assert not has_project_perm(world.frontdesk, world.project, "core.access_settings")


def test_a_position_in_one_project_grants_nothing_in_another(world):
    assert project_permissions(world.director, world.other_project) == frozenset()
    assert project_permissions(world.outsider, world.project) == frozenset()


def test_inactive_membership_grants_nothing(world):
    Membership.objects.filter(user=world.cashier).update(is_active=False)
    world.cashier.refresh_from_db()
    from propdesk.core.access import clear_access_cache

    clear_access_cache(world.cashier)
    assert visible_project_ids(world.cashier) == frozenset()


def test_permission_sets_are_data_editable_per_position(world):
    from django.contrib.auth.models import Permission

    from propdesk.core.access import clear_access_cache
    from propdesk.core.models import Position

    cashier = Position.objects.get(code="cashier")
    cashier.permissions.add(Permission.objects.get(codename="access_engineering"))
    clear_access_cache(world.cashier)
    assert has_project_perm(world.cashier, world.project, "core.access_engineering")


def test_butler_membership_carries_her_buildings(world):
    membership = Membership.objects.get(user=world.butler, project=world.project)
    assert list(membership.buildings.all()) == [world.building]


def test_for_user_lists_only_visible_rows(world):
    assert set(Project.objects.for_user(world.outsider)) == {world.other_project}
    assert not Building.objects.for_user(world.outsider).exists()
    assert Department.objects.for_user(world.frontdesk).filter(project=world.project).count() == 8


def test_access_helpers_answer_404_for_invisible_and_403_without_permission(world):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(Http404):
        get_project_for_user(world.outsider, world.project.pk)
    with pytest.raises(Http404):
        get_object_for_user(Unit.objects, world.outsider, world.unit.pk)
    with pytest.raises(PermissionDenied):
        get_object_for_user(Unit.objects, world.technician, world.unit.pk, perm="registry.change_unit")
    assert (
        get_object_for_user(Unit.objects, world.frontdesk, world.unit.pk, perm="registry.view_unit")
        == world.unit
    )


def test_positions_are_seeded_for_every_role_of_spec_section_0(world):
    from propdesk.core.models import Position

    codes = set(Position.objects.values_list("code", flat=True))
    assert {
        "cs_supervisor",
        "frontdesk_assistant",
        "butler",
        "records_assistant",
        "dispatcher",
        "technician",
        "engineering_supervisor",
        "security_supervisor",
        "fire_safety_officer",
        "cleaning_lead",
        "cashier",
        "center_director",
        "general_manager",
        "company_admin",
        "owner",
    } <= codes
    assert Position.objects.get(code="frontdesk_assistant").superior.code == "cs_supervisor"
    assert Position.objects.get(code="cs_supervisor").superior.code == "center_director"


def test_load_defaults_never_overwrites_edited_permission_sets(world):
    from propdesk.core.models import Position
    from propdesk.core.services import load_default_positions

    cashier = Position.objects.get(code="cashier")
    cashier.permissions.clear()
    assert load_default_positions() == 0
    assert cashier.permissions.count() == 0


def test_a_new_member_sees_the_project_with_the_positions_permissions(db):
    from propdesk.core.services import load_default_positions
    from propdesk.core.tests.factories import MembershipFactory

    load_default_positions()
    membership = MembershipFactory()
    assert visible_project_ids(membership.user) == {membership.project_id}
    assert has_project_perm(membership.user, membership.project, "core.access_frontdesk")
    assert not has_project_perm(membership.user, membership.project, "core.access_finance")


def test_a_default_added_by_a_new_release_reaches_existing_positions_once(world, monkeypatch):
    from propdesk.core import defaults
    from propdesk.core.access import clear_access_cache
    from propdesk.core.services import load_default_positions

    assert not has_project_perm(world.cashier, world.project, "core.access_reports")
    original = defaults.default_permissions

    def with_new_default():
        perms = original()
        perms["cashier"].add("core.access_reports")
        return perms

    monkeypatch.setattr(defaults, "default_permissions", with_new_default)
    load_default_positions()
    clear_access_cache(world.cashier)
    assert has_project_perm(world.cashier, world.project, "core.access_reports")

    from django.contrib.auth.models import Permission

    from propdesk.core.models import Position

    Position.objects.get(code="cashier").permissions.remove(Permission.objects.get(codename="access_reports"))
    load_default_positions()
    clear_access_cache(world.cashier)
    assert not has_project_perm(world.cashier, world.project, "core.access_reports")


def test_a_new_project_starts_with_every_modules_seed_configuration(world):
    from propdesk.servicedesk.models import Category
    from propdesk.sla.models import SlaPolicy

    assert SlaPolicy.objects.filter(project=world.other_project).exists()
    assert Category.objects.filter(
        project=world.other_project, code="water-outage", requires_door_visit=True
    ).exists()

"""History records who changed what, whichever door the change came through."""

import pytest
from django.core.management import call_command

from propdesk.core.audit import acting_as
from propdesk.core.models import JobRun, Project

pytestmark = pytest.mark.django_db


def test_service_change_records_the_actor(world):
    from propdesk.core.services import update_project

    update_project(project=world.project, actor=world.director, changes={"service_phone": "027-1"})
    record = world.project.history.first()
    assert record.history_user == world.director
    assert record.history_type == "~"


def test_admin_change_records_the_admin_user(client, world):
    world.director.is_staff = True
    world.director.save(update_fields=["is_staff"])
    client.force_login(world.director)
    dept = world.project.departments.get(kind="finance")
    response = client.post(
        f"/admin/core/department/{dept.pk}/change/",
        {
            "project": world.project.pk,
            "kind": "finance",
            "name": "财务部",
            "phone": "027-555",
        },
    )
    assert response.status_code in (200, 302)
    dept.refresh_from_db()
    assert dept.phone == "027-555", response.content.decode()[:2000]
    assert dept.history.first().history_user == world.director


def test_command_changes_act_as_the_system_user(db):
    call_command("load_defaults")
    from propdesk.core.models import Position

    record = Position.history.first()
    assert record.history_user.username == "system"


def test_task_changes_act_as_the_system_user(world):
    from propdesk.core.jobs import run_job

    run = run_job("purge_login_attempts", trigger="command")
    assert run.succeeded
    with acting_as(None):
        pass  # the context resets after the job


def test_acting_as_wins_over_nothing_and_resets(world):
    with acting_as(world.cashier):
        Project.objects.filter(pk=world.project.pk)  # no write
        world.project.address = "x"
        world.project.save()
    assert world.project.history.first().history_user == world.cashier
    world.project.address = "y"
    world.project.save()
    assert world.project.history.first().history_user is None


def test_history_page_shows_who_and_what(login, world):
    from propdesk.core.services import update_project

    update_project(project=world.project, actor=world.director, changes={"address": "珞喻路1号"})
    body = login(world.cs_supervisor).get(f"/history/core/project/{world.project.pk}/").content.decode()
    assert "珞喻路1号" in body
    assert "director" in body


def test_history_page_hides_encrypted_personal_data(login, world):
    from propdesk.registry.models import Party

    party = Party.objects.get(pk=world.owner_party.pk)
    with acting_as(world.director):
        party.phone = "13900001111"
        party.save()
    body = login(world.director).get(f"/history/registry/party/{party.pk}/").content.decode()
    assert "11010519491231002X" not in body


def test_history_needs_the_permission(login, world):
    assert login(world.technician).get(f"/history/registry/unit/{world.unit.pk}/").status_code == 403


def test_history_of_unknown_model_is_404(login, world):
    assert login(world.director).get("/history/core/loginattempt/1/").status_code == 404
    assert JobRun.objects.count() == 0


def test_project_added_in_the_admin_gets_every_department(client, db):
    from propdesk.core.models import Company, User

    company = Company.objects.create(name="新公司", code="new-co")
    root = User.objects.create_superuser(username="root", password="pw-root-123")
    client.force_login(root)
    response = client.post(
        "/admin/core/project/add/",
        {
            "company": company.pk,
            "name": "新项目",
            "code": "new-p",
            "kind": "park",
            "address": "",
            "timezone": "Asia/Shanghai",
            "service_phone": "",
            "service_center_name": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(code="new-p")
    assert project.departments.count() == 8
    assert project.departments.first().history.first().history_user == root


def test_admin_refuses_a_membership_with_another_projects_department(client, world):
    from propdesk.core.models import Membership, Position, User

    root = User.objects.create_superuser(username="root2", password="pw-root-123")
    client.force_login(root)
    foreign = world.other_project.departments.get(kind="customer_service")
    response = client.post(
        "/admin/core/membership/add/",
        {
            "user": world.cashier.pk,
            "project": world.project.pk,
            "department": foreign.pk,
            "position": Position.objects.get(code="frontdesk_assistant").pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "该部门属于其他项目" in response.content.decode()
    assert not Membership.objects.filter(user=world.cashier, department=foreign).exists()

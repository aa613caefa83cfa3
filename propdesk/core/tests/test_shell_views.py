import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_dashboard_shows_real_counts_of_the_current_project(login, world):
    client = login(world.frontdesk)
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"]["units"] == 1
    assert response.context["counts"]["buildings"] == 1
    assert response.context["counts"]["owners"] == 1
    assert 'data-testid="stat-units">1<' in body


def test_menu_shows_only_the_sections_the_position_may_use(login, world):
    client = login(world.technician)
    response = client.get("/", follow=True)  # a technician lands on his work-order cards (issue 18)
    assert response.redirect_chain == [("/servicedesk/my-orders/", 302)]
    sections = [s["key"] for s in response.context["menu"]]
    assert "engineering" in sections
    assert "finance" not in sections and "settings" not in sections
    client = login(world.director)
    sections = [s["key"] for s in client.get("/").context["menu"]]
    assert sections == [
        "frontdesk",
        "servicedesk",
        "engineering",
        "finance",
        "renovation",
        "inspections",
        "reports",
        "settings",
    ]


def test_every_menu_entry_opens_for_the_director(login, world):
    client = login(world.director)
    for section in client.get("/").context["menu"]:
        for item in section["items"]:
            assert client.get(item["url"]).status_code == 200, item


def test_project_switcher_changes_the_current_project(login, world):
    client = login(world.gm)
    assert client.get("/").context["current_project"] in {world.project, world.second_project}
    response = client.post(reverse("core:switch_project"), {"project": world.second_project.pk, "next": "/"})
    assert response.status_code == 302
    assert client.get("/").context["current_project"] == world.second_project


def test_switching_to_a_foreign_project_is_404(login, world):
    client = login(world.gm)
    response = client.post(reverse("core:switch_project"), {"project": world.other_project.pk})
    assert response.status_code == 404


def test_switch_ignores_an_external_next_url(login, world):
    client = login(world.gm)
    response = client.post(
        reverse("core:switch_project"), {"project": world.project.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_language_switch_to_english(login, world):
    client = login(world.director)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Workbench" in body
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "工作台" in client.get("/").content.decode()


def test_user_without_position_lands_on_the_owner_portal_and_staff_pages_stay_403(login, world):
    client = login(world.owner)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(reverse("core:overview")).status_code == 403


def test_director_edits_project_details_and_the_change_is_audited(login, world):
    client = login(world.director)
    response = client.post(
        reverse("core:edit_project"),
        {
            "name": world.project.name,
            "address": "武汉市洪山区新地址1号",
            "service_phone": "027-99998888",
            "service_center_name": "",
            "timezone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302
    world.project.refresh_from_db()
    assert world.project.service_phone == "027-99998888"
    last = world.project.history.first()
    assert last.history_user == world.director
    history = client.get(reverse("core:history", args=["core", "project", world.project.pk]))
    assert "027-99998888" in history.content.decode()


def test_bad_time_zone_is_refused_next_to_the_field_and_nothing_is_saved(login, world):
    client = login(world.director)
    response = client.post(
        reverse("core:edit_project"),
        {
            "name": world.project.name,
            "address": "新地址",
            "service_phone": "027-1",
            "service_center_name": "",
            "timezone": "Mars/Base",
        },
    )
    assert response.status_code == 200
    assert 'data-testid="error-timezone"' in response.content.decode()
    world.project.refresh_from_db()
    assert world.project.address == ""


def test_frontdesk_may_not_edit_the_project(login, world):
    assert login(world.frontdesk).get(reverse("core:edit_project")).status_code == 403


def test_list_pages_have_a_bounded_number_of_queries(login, world, django_assert_max_num_queries):
    from decimal import Decimal

    from propdesk.registry.services import create_unit

    for n in range(20):
        create_unit(
            building=world.building,
            entrance="1",
            floor=n + 1,
            number=f"{n + 1}01",
            building_area=Decimal("90"),
        )
    client = login(world.director)
    for url in [
        "/",
        "/registry/buildings/",
        f"/registry/buildings/{world.building.pk}/",
        "/section/frontdesk/",
        "/settings/organisation/",
        "/settings/positions/",
        "/settings/jobs/",
        "/reports/overview/",
    ]:
        # The landing page also reads the month at a glance (KPI with its targets, collection, arrears):
        # a fixed fifteen or so more.
        with django_assert_max_num_queries(52 if url == "/" else 30):
            assert client.get(url).status_code == 200


def test_healthz_answers_without_login(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_an_english_browser_still_gets_chinese_until_the_person_switches(client, world):
    client.force_login(world.director)
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "工作台" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Workbench" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

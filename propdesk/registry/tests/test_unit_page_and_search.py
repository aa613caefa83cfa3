"""One screen per room, panels from other modules, and the search box the way staff talk."""

import datetime as dt

import pytest

from propdesk.registry import panels, services
from propdesk.registry.choices import CareKind, ResidencyKind
from propdesk.registry.search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def furnished(world):
    tenant = services.register_party(project=world.project, name="王小二", phone="13700001234", actor=None)
    services.start_residency(
        unit=world.unit, party=tenant, kind=ResidencyKind.TENANT, started_on=dt.date(2025, 3, 1), actor=None
    )
    services.add_emergency_contact(
        unit=world.unit, name="张小三", relation="儿子", phone="13911112222", actor=None
    )
    services.register_vehicle(
        unit=world.unit, plate="鄂AD12345", party=tenant, started_on=dt.date(2025, 3, 1), actor=None
    )
    services.add_care_note(
        unit=world.unit,
        kind=CareKind.ELDERLY_ALONE,
        preferred_contact_time="工作日上午",
        started_on=dt.date(2025, 3, 1),
        actor=None,
    )
    return world


def test_unit_page_shows_everything_about_the_room(furnished, login, django_assert_max_num_queries):
    client = login(furnished.frontdesk)
    # 25 for the page and the other panels, 7 for the portal accounts panel (a fixed number).
    with django_assert_max_num_queries(32):
        html = client.get(f"/registry/units/{furnished.unit.pk}/").content.decode()
    for text in (
        "SENTINEL张三",
        "王小二",
        "租户",
        "张小三",
        "139****2222",
        "鄂AD12345",
        "独居老人",
        "工作日上午",
        "入住",
    ):
        assert text in html, text


def test_panels_registered_by_other_modules_appear_with_their_permission(
    furnished, login, tmp_path, settings
):
    template_dir = tmp_path / "templates" / "fake"
    template_dir.mkdir(parents=True)
    (template_dir / "_panel.html").write_text("<div data-testid='fake-panel'>欠费 {{ amount }}</div>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path / "templates")]}]
    panels.register_unit_panel(
        "fake/_panel.html", lambda unit, user: {"amount": "¥1,234.50"}, perm="core.access_finance"
    )
    try:
        assert (
            "欠费 ¥1,234.50"
            in login(furnished.director).get(f"/registry/units/{furnished.unit.pk}/").content.decode()
        )
        assert (
            "fake-panel"
            not in login(furnished.technician).get(f"/registry/units/{furnished.unit.pk}/").content.decode()
        )
    finally:
        panels.unregister_unit_panel("fake/_panel.html")


@pytest.mark.parametrize("query", ["3-2-1501", "3栋2单元1501", "3#2-1501", "3栋2单元1501室", "1501"])
def test_room_as_staff_say_it(furnished, query):
    hits = search(furnished.project, query)
    assert hits[0].unit == furnished.unit


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("王小二", "王小二"),
        ("王", "王小二"),
        ("wxe", "王小二"),
        ("WX", "王小二"),
        ("13700001234", "王小二"),
        ("1234", "王小二"),
        ("138 1234 5678", "SENTINEL张三"),
    ],
)
def test_people_by_name_initials_and_phone(furnished, query, name):
    hits = search(furnished.project, query)
    assert hits[0].party.name == name
    assert hits[0].units == [furnished.unit]


def test_plate_finds_the_unit(furnished):
    assert search(furnished.project, "鄂ad12345")[0].unit == furnished.unit
    assert search(furnished.project, "鄂AD1")[0].unit == furnished.unit


def test_exact_matches_rank_first(furnished):
    services.register_party(project=furnished.project, name="王小二郎", phone="13700005678", actor=None)
    names = [h.party.name for h in search(furnished.project, "王小二")]
    assert names == ["王小二", "王小二郎"]


def test_search_results_are_live_and_never_cross_projects(furnished, login, django_assert_max_num_queries):
    client = login(furnished.frontdesk)
    with django_assert_max_num_queries(15):
        html = client.get("/registry/search/results/", {"q": "wxe"}, HTTP_HX_REQUEST="true").content.decode()
    assert "王小二" in html and "137****1234" in html and "13700001234" not in html
    outsider = login(furnished.outsider).get("/registry/search/results/", {"q": "wxe"}).content.decode()
    assert "王小二" not in outsider


def test_technician_finds_rooms_but_not_people(furnished, login):
    html = login(furnished.technician).get("/registry/search/", {"q": "wxe"}).content.decode()
    assert "王小二" not in html
    assert (
        "3-2-1501" in login(furnished.technician).get("/registry/search/", {"q": "3-2-1501"}).content.decode()
    )


def test_workbench_starts_with_the_search_box(furnished, login):
    html = login(furnished.frontdesk).get("/").content.decode()
    assert html.index('data-testid="search-box"') < html.index('data-testid="stat-buildings"')


def test_overdue_archive_files_are_flagged_on_the_workbench(furnished, login):
    import time_machine

    file = services.open_archive_file(project=furnished.project, unit=furnished.unit, actor=furnished.records)
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        loan = services.request_loan(
            archive_file=file,
            kind="lend",
            requester="工程部刘工",
            reason="核对图纸",
            due_on=dt.date(2026, 3, 12),
            actor=furnished.records,
        )
        services.move_loan(loan=loan, to="approved", actor=furnished.cs_supervisor)
        assert "overdue-archives" not in login(furnished.frontdesk).get("/").content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 13, 9, 0, tzinfo=dt.UTC), tick=False):
        html = login(furnished.frontdesk).get("/").content.decode()
        assert "overdue-archives" in html and file.catalogue_number in html and "工程部刘工" in html


def test_unit_actions_go_through_the_services(furnished, login):
    client = login(furnished.frontdesk)
    response = client.post(
        f"/registry/units/{furnished.unit.pk}/status/", {"status": "unsold", "reason": "x"}
    )
    assert "不能改为“未售”" in response.content.decode()  # the lifecycle kit's refusal, next to the field
    response = client.post(
        f"/registry/units/{furnished.unit.pk}/status/", {"status": "renovating", "reason": "装修"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/registry/units/{furnished.unit.pk}/vehicles/add/", {"plate": "鄂A1", "started_on": "2026-01-01"}
    )
    assert "车牌号" in response.content.decode()
    response = client.post(
        f"/registry/units/{furnished.unit.pk}/residents/add/",
        {
            "name": "赵六",
            "kind": "person",
            "phone": "13600001111",
            "residency_kind": "family",
            "relation": "配偶",
            "started_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert furnished.unit.residencies.filter(party__name="赵六", ended_on__isnull=True).exists()


def test_list_pages_have_bounded_queries(furnished, login, django_assert_max_num_queries):
    for i in range(5):
        f = services.open_archive_file(
            project=furnished.project, unit=furnished.unit, catalogue_number=f"T{i}", actor=furnished.records
        )
        services.request_loan(
            archive_file=f, kind="consult", requester="某", reason="核对", actor=furnished.records
        )
        services.reveal_personal_data(
            party=furnished.owner_party, reason="核对身份", actor=furnished.director
        )
    client = login(furnished.director)
    for url in (
        "/registry/archives/",
        "/registry/archives/loans/",
        "/registry/access-log/",
        "/registry/buildings/",
    ):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, url


def test_the_archive_file_page_offers_the_loan_moves_the_user_may_make(furnished, login):
    file = services.open_archive_file(project=furnished.project, unit=furnished.unit, actor=furnished.records)
    loan = services.request_loan(
        archive_file=file, kind="consult", requester="某", reason="核对", actor=furnished.records
    )
    url = f"/registry/archives/{file.pk}/"

    def buttons(user):
        html = login(user).get(url).content.decode()
        return {a for a in ("approve", "reject", "return") if f'name="action" value="{a}"' in html}

    assert buttons(furnished.records) == set()  # a clerk records, an approver decides
    assert buttons(furnished.cs_supervisor) == {"approve", "reject"}
    services.move_loan(loan=loan, to="approved", actor=furnished.cs_supervisor)
    assert buttons(furnished.records) == {"return"}
    services.move_loan(loan=loan, to="returned", actor=furnished.records)
    assert buttons(furnished.cs_supervisor) == set()

"""The shell in a real Chromium: log in, switch project, look at it at desktop and phone width.

Screenshots land in var/screenshots/ for a person to look at.
"""

import pytest

from propdesk.conftest import SCREENSHOT_DIR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_factory(browser, live_server):
    pages = []

    def make(width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        pages.append(context)
        return page

    yield make
    for context in pages:
        context.close()


def _login(page, base, username, password):
    page.goto(base + "/login/")
    assert page.locator("h1").inner_text() == "PropDesk"
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=page-title]")


def test_login_switch_project_and_screenshots_at_desktop_and_phone_width(page_factory, live_server):
    world = build_world()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    page = page_factory(1366, 900)
    _login(page, base, "gm", "pw-gm")
    title = page.locator("[data-testid=page-title]").inner_text()
    assert "工作台" in title
    first = world.project.name if world.project.name in title else world.second_project.name
    assert first in title
    assert page.locator("[data-testid=main-menu]").inner_text().count("设置") == 1
    page.wait_for_selector("#status-chart svg")
    page.screenshot(path=str(SCREENSHOT_DIR / "dashboard-desktop.png"), full_page=True)

    target = world.second_project if first == world.project.name else world.project
    page.select_option("[data-testid=project-switcher]", str(target.pk))
    page.wait_for_selector(f"text=已切换到 {target.name}")
    assert target.name in page.locator("[data-testid=page-title]").inner_text()
    page.screenshot(path=str(SCREENSHOT_DIR / "dashboard-desktop-switched.png"), full_page=True)

    phone = page_factory(375, 812)
    _login(phone, base, "frontdesk", "pw-frontdesk")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375, (
        "page scrolls sideways at phone width"
    )
    phone.screenshot(path=str(SCREENSHOT_DIR / "dashboard-phone.png"), full_page=True)
    menu_button = phone.locator("[aria-controls=sidebar]")
    box = menu_button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, "touch target smaller than 44 px"
    menu_button.click()
    phone.wait_for_selector("#sidebar.show")
    phone.screenshot(path=str(SCREENSHOT_DIR / "menu-phone.png"))
    phone.click("#sidebar >> text=楼栋房屋")
    phone.wait_for_selector("text=SENTINEL3栋")
    phone.click("text=SENTINEL3栋")
    phone.click("text=3-2-1501")
    assert "3-2-1501" in phone.locator("[data-testid=page-title]").inner_text()
    assert "138****5678" in phone.content()
    phone.screenshot(path=str(SCREENSHOT_DIR / "unit-phone.png"), full_page=True)


def test_language_switch_and_logout(page_factory, live_server):
    build_world()
    page = page_factory(1280, 800)
    _login(page, live_server.url, "director", "pw-director")
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=language-en]")
    page.wait_for_selector("text=Workbench")
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_selector("#id_username")


def test_wrong_password_is_shown_next_to_the_form(page_factory, live_server):
    build_world()
    page = page_factory(375, 700)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "cashier")
    page.fill("#id_password", "nope")
    page.click("[data-testid=login-submit]")
    assert "用户名或密码错误" in page.locator("[data-testid=login-error]").inner_text()
    assert page.input_value("#id_username") == "cashier"


def test_htmx_posts_carry_the_csrf_token(page_factory, live_server):
    """The operator runs a job from the background-jobs page; htmx swaps the runs table in place."""
    from propdesk.core.models import JobRun, Position, User
    from propdesk.core.services import grant_company_role

    world = build_world()
    admin = User.objects.create_user(username="co_admin", password="pw-co-admin")
    grant_company_role(user=admin, company=world.company, position=Position.objects.get(code="company_admin"))
    page = page_factory(1280, 800)
    _login(page, live_server.url, "co_admin", "pw-co-admin")
    page.goto(live_server.url + "/settings/jobs/")
    page.click("[data-testid=run-purge_login_attempts]")
    page.wait_for_selector("#job-runs >> text=网页")
    assert JobRun.objects.filter(trigger="web", succeeded=True).count() == 1
    # A bare htmx request (no form, so no hidden token) must pass CSRF through the hx-headers on <body>.
    page.evaluate(
        "htmx.ajax('POST', '/settings/jobs/clearsessions/run/', {target: '#job-runs', swap: 'outerHTML'})"
    )
    page.wait_for_selector("#job-runs >> text=clearsessions")
    assert JobRun.objects.filter(job="clearsessions", trigger="web").exists()
    page.screenshot(path=str(SCREENSHOT_DIR / "jobs-desktop.png"), full_page=True)


def test_pages_draw_their_charts_and_forms_under_the_content_security_policy(page_factory, live_server):
    """No Content-Security-Policy violation on the chart pages, the forms and the API docs; the charts
    are drawn and the form behaviours work from the static scripts (issue 17, item 10)."""
    build_world()
    base = live_server.url
    page = page_factory(1366, 900)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _login(page, base, "gm", "pw-gm")
    for path, drawn in [
        ("/", "#status-chart svg"),
        ("/reports/overview/", "#building-chart svg"),
        ("/servicedesk/kpis/", "#kpi-rates svg"),
        ("/sla/overview/", "#sla-daily svg"),
        ("/billing/reports/arrears/", "#aging-chart svg"),
    ]:
        page.goto(base + path)
        page.wait_for_selector(drawn)
    page.goto(base + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    page.goto(base + "/password/")
    page.wait_for_selector("[data-testid=password-form]")
    assert not violations, violations


def test_an_owner_changes_the_password_on_a_phone(page_factory, live_server):
    build_world()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    phone = page_factory(375, 812)
    phone.goto(live_server.url + "/login/")
    phone.fill("#id_username", "owner")
    phone.fill("#id_password", "pw-owner")
    phone.click("[data-testid=login-submit]")
    phone.goto(live_server.url + "/password/")
    phone.fill("#id_old_password", "pw-owner")
    phone.fill("#id_new_password", "propdesk2026")
    phone.fill("#id_new_password_again", "propdesk2026")
    phone.click("[data-testid=password-submit]")
    assert "propdesk" in phone.locator("[data-testid=error-new_password]").inner_text()
    phone.screenshot(path=str(SCREENSHOT_DIR / "password-refused-phone.png"), full_page=True)
    phone.fill("#id_old_password", "pw-owner")
    phone.fill("#id_new_password", "Hk7#qLm2-wz")
    phone.fill("#id_new_password_again", "Hk7#qLm2-wz")
    phone.click("[data-testid=password-submit]")
    phone.wait_for_selector("text=密码已修改")
    phone.screenshot(path=str(SCREENSHOT_DIR / "password-changed-phone.png"), full_page=True)

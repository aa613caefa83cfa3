"""Shared steps of the billing browser tests: a logged-in Chromium page at desktop or phone width."""

from __future__ import annotations

from contextlib import contextmanager

from propdesk.conftest import SCREENSHOT_DIR

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


@contextmanager
def logged_in(browser, live_server, username, *, viewport=DESKTOP):
    """A fresh browser context (own cookies) logged in as `username` (password pw-<username>)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=viewport["width"] < 600)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pw-" + username)
        page.click("[data-testid=login-submit]")
        page.wait_for_selector("[data-testid=page-title]")
        yield page
    finally:
        # Let the page's own requests (the bell) finish before the test's database is flushed.
        try:
            page.goto("about:blank")
            page.wait_for_load_state("networkidle", timeout=5000)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        context.close()


def shot(page, name):
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def assert_no_horizontal_overflow(page):
    """Nothing wider than the phone: the page itself never scrolls sideways (tables scroll in their box)."""
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: the page is {scroll}px wide at {width}px"


def text(page, selector):
    return " ".join(page.locator(selector).inner_text().split())

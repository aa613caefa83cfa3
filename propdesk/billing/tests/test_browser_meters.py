"""抄表 on a phone (375 px): a technician walks building 3 and types the readings; a reading lower than the
previous one is refused on its row, with the room and field named, and nothing is saved until it is right."""

import datetime as dt
from decimal import Decimal

import pytest

from propdesk.billing.choices import ReadingKind
from propdesk.billing.models import MeterReading
from propdesk.billing.services import meters as meter_services
from propdesk.conftest import build_world
from propdesk.registry.tests.factories import UnitFactory

from .browser_helpers import PHONE, assert_no_horizontal_overflow, logged_in, shot, text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_enters_a_buildings_readings_on_a_phone(browser, live_server):
    world = build_world()
    neighbour = UnitFactory(
        building=world.building, project=world.project, entrance="2", number="1502", floor=15
    )
    meters = [
        meter_services.register_meter(
            unit=unit,
            kind="electricity",
            number=number,
            installed_on=dt.date(2026, 1, 1),
            start_value=start,
            actor=world.director,
        )
        for unit, number, start in [(world.unit, "DB001501", "1200"), (neighbour, "DB001502", "500")]
    ]
    with logged_in(browser, live_server, "technician", viewport=PHONE) as page:
        page.goto(
            live_server.url + f"/billing/meters/readings/?building={world.building.pk}&kind=electricity"
        )
        page.wait_for_selector("[data-testid=readings-form]")
        assert_no_horizontal_overflow(page)
        rows = page.locator("[data-testid=reading-row]")
        assert rows.count() == 2
        assert "1200.00" in rows.nth(0).inner_text() and "500.00" in rows.nth(1).inner_text()
        page.fill(f"#value-{meters[0].pk}", "1288.6")
        page.fill(f"#value-{meters[1].pk}", "499")
        page.click("[data-testid=record]")
        page.wait_for_selector("[data-testid=row-error]")
        assert "低于上次读数 500.00" in text(page, "[data-testid=row-error]")
        assert "3-2-1502" in text(page, "[data-testid=problems]")
        assert page.input_value(f"#value-{meters[0].pk}") == "1288.6"  # what was typed stays
        assert_no_horizontal_overflow(page)
        shot(page, "meter-readings-phone-refused")
        assert not MeterReading.objects.filter(kind=ReadingKind.READING).exists()

        page.fill(f"#value-{meters[1].pk}", "512")
        page.click("[data-testid=record]")
        page.wait_for_selector("text=已保存 2 个读数。")
        # The page comes back with the new readings as the previous ones.
        assert "1288.60" in page.locator("[data-testid=reading-row]").nth(0).inner_text()
        shot(page, "meter-readings-phone")
    assert sorted(MeterReading.objects.filter(kind=ReadingKind.READING).values_list("value", flat=True)) == [
        Decimal("512.00"),
        Decimal("1288.60"),
    ]

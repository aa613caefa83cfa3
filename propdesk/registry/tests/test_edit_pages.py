"""Staff pages: correct a unit's areas, change a party's phone numbers (through the services)."""

from decimal import Decimal

import pytest

from propdesk.core.crypto import phone_last4_index
from propdesk.core.errors import ServiceError
from propdesk.registry import services
from propdesk.registry.models import Party, Unit

pytestmark = pytest.mark.django_db


def test_update_unit_areas_checks_and_keeps_history(world):
    with pytest.raises(ServiceError) as err:
        services.update_unit_areas(
            unit=world.unit, building_area=Decimal("90"), inner_area=Decimal("95"), actor=world.frontdesk
        )
    assert err.value.field == "inner_area"
    services.update_unit_areas(
        unit=world.unit, building_area=Decimal("121.30"), inner_area=None, actor=world.frontdesk
    )
    assert Unit.objects.get(pk=world.unit.pk).building_area == Decimal("121.30")
    history = list(world.unit.history.order_by("history_date").values_list("building_area", flat=True))
    assert history[0] == Decimal("120.50") and history[-1] == Decimal("121.30")


def test_unit_areas_page(world, login):
    client = login(world.frontdesk)
    url = f"/registry/units/{world.unit.pk}/areas/"
    assert url in client.get(f"/registry/units/{world.unit.pk}/").content.decode()
    page = client.post(url, {"building_area": "100", "inner_area": "120"})
    assert page.status_code == 200 and "套内面积不能大于建筑面积" in page.content.decode()
    assert client.post(url, {"building_area": "100", "inner_area": "88.8"}).status_code == 302
    unit = Unit.objects.get(pk=world.unit.pk)
    assert (unit.building_area, unit.inner_area) == (Decimal("100"), Decimal("88.8"))
    assert login(world.butler).get(url).status_code == 403
    assert login(world.outsider).get(url).status_code == 404


def test_party_phone_page_never_shows_the_number_in_full(world, login):
    client = login(world.frontdesk)
    url = f"/registry/parties/{world.owner_party.pk}/contact/"
    assert url in client.get(f"/registry/parties/{world.owner_party.pk}/").content.decode()
    assert "13812345678" not in client.get(url).content.decode()
    page = client.post(url, {"phone": "1381234", "landline": ""})
    assert page.status_code == 200 and "手机号码" in page.content.decode()
    assert client.post(url, {"phone": "13700001234", "landline": ""}).status_code == 302
    party = Party.objects.get(pk=world.owner_party.pk)
    assert party.phone == "13700001234" and party.phone_last4_index == phone_last4_index("1234")
    assert login(world.butler).get(url).status_code == 403
    assert login(world.outsider).get(url).status_code == 404

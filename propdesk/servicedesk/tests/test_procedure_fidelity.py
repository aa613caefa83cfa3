"""Procedure fidelity (issue 16): each test is written from the seed procedure, quoted in its docstring."""

import pytest

from propdesk.core import lifecycle
from propdesk.core.errors import ServiceError
from propdesk.servicedesk import services
from propdesk.servicedesk.choices import RequestStatus
from propdesk.servicedesk.tests.test_repairs import repair

pytestmark = pytest.mark.django_db


def test_an_emergency_repair_is_worked_continuously_and_is_never_paused(desk):
    """接修流程 5.2: "急修項目連續搶修，小修項目當天完成，一般維修2天內完成。"

    An emergency repair is worked until it is fixed: a pause is refused with the reason, and the page
    and the API do not offer it. A general repair may still wait (for parts, for the owner)."""
    emergency = repair(desk, repair_class="emergency")
    emergency = services.transition_request(
        request=emergency, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk
    )
    assert emergency.status == RequestStatus.IN_PROGRESS
    assert "pause" not in {m.name for m in lifecycle.allowed_moves(emergency, desk.frontdesk)}
    with pytest.raises(ServiceError) as refused:
        services.transition_request(
            request=emergency, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="等配件"
        )
    assert refused.value.field == "status" and refused.value.code == "emergency_not_pausable"
    assert "continuously" in str(refused.value.message) or "连续" in str(refused.value.message)
    emergency.refresh_from_db()
    assert emergency.status == RequestStatus.IN_PROGRESS

    general = repair(desk, repair_class="general")
    general = services.transition_request(
        request=general, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk
    )
    assert "pause" in {m.name for m in lifecycle.allowed_moves(general, desk.frontdesk)}
    services.transition_request(
        request=general, to_status=RequestStatus.PAUSED, actor=desk.frontdesk, reason="等配件"
    )
    general.refresh_from_db()
    assert general.status == RequestStatus.PAUSED


def test_the_request_page_refuses_to_pause_an_emergency_repair_with_the_reason(desk, login):
    emergency = repair(desk, repair_class="emergency")
    services.transition_request(request=emergency, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk)
    client = login(desk.frontdesk)
    page = client.get(f"/servicedesk/{emergency.pk}/").content.decode()
    assert 'value="paused"' not in page
    response = client.post(
        f"/servicedesk/{emergency.pk}/status/", {"status": "paused", "reason": "等配件"}, follow=True
    )
    assert "连续" in response.content.decode() or "continuously" in response.content.decode()
    emergency.refresh_from_db()
    assert emergency.status == RequestStatus.IN_PROGRESS

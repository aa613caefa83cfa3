"""Status changes show their labels, never codes ("received → in_progress"), in Chinese and in
English: the request timeline (a work order's step too), the API and the history page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from propdesk.servicedesk.choices import RequestStatus
from propdesk.servicedesk.models import RequestEvent
from propdesk.servicedesk.services import receive_request
from propdesk.servicedesk.services.requests import transition_request
from propdesk.servicedesk.timeline import state_labels

pytestmark = pytest.mark.django_db


def test_a_step_names_its_states_in_words_whoever_it_belongs_to():
    # A request's own step carrying an order id (a dispatch) still names the request's states.
    event = RequestEvent(from_status="received", to_status="in_progress", data={"order": 7})
    with translation.override("en"):
        assert state_labels(event) == ("Received", "In progress")
    with translation.override("zh-hans"):
        assert state_labels(event) == ("已受理", "处理中")
    event = RequestEvent(from_status="dispatched", to_status="accepted", data={"order": 7})
    assert "dispatched" not in state_labels(event) and "accepted" not in state_labels(event)


@pytest.fixture
def moved(world):
    request = receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="inquiry",
        channel="phone",
        content="咨询停车",
        reporter_name="业主",
        unit=world.unit,
    )
    transition_request(request=request, to_status=RequestStatus.IN_PROGRESS, actor=world.frontdesk)
    return request


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_the_timeline_and_the_history_show_labels_in_either_language(world, moved, login):
    client = login(world.director)
    detail = f"/servicedesk/{moved.pk}/"
    history = f"/history/servicedesk/servicerequest/{moved.pk}/"
    zh = _get(client, detail, "zh-hans")
    assert "已受理 → 处理中" in zh and "in_progress" not in zh
    en = _get(client, detail, "en")
    assert "Received → In progress" in en and "in_progress" not in en
    zh_history = _get(client, history, "zh-hans")
    assert "处理中" in zh_history and "in_progress" not in zh_history
    en_history = _get(client, history, "en")
    assert "In progress" in en_history and "in_progress" not in en_history


def test_the_api_gives_the_labels_too(world, moved, login):
    client = login(world.director)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    body = client.get(f"/api/v1/requests/{moved.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    steps = [e for e in body["events"] if e["to_status"] == "in_progress"]
    assert steps and steps[0]["to_label"] in ("处理中", "In progress")
    assert steps[0]["from_label"] in ("已受理", "Received")


def test_words_that_collided_have_their_own_msgids():
    """A material's unit of measure is 单位 (not the room, 房屋); a notice batch's timestamp column is
    申请时间 (not the approval state 待审批)."""
    root = Path(__file__).resolve().parents[2]
    orders = (root / "servicedesk/templates/servicedesk/my_orders.html").read_text()
    assert "translate 'Unit'" not in orders and "translate 'Unit of measure'" in orders
    notices = (root / "billing/templates/billing/notices.html").read_text()
    assert '{% translate "Requested" %}' not in notices and '{% translate "Requested at" %}' in notices
    with translation.override("zh-hans"):
        assert translation.gettext("Unit of measure") == "单位"
        assert translation.gettext("Requested at") == "申请时间"

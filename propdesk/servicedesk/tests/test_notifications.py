"""Issue 18, items 1–3: technicians are told of a dispatch, warnings reach the one who must act, and
every notification about a request names it and opens it."""

import json

import pytest
import time_machine

from propdesk.notices.channels import WeComApi
from propdesk.notices.models import Notification, SmsOutbox, WeComOutbox
from propdesk.notices.tasks import deliver
from propdesk.servicedesk import services
from propdesk.servicedesk.services.clocks import clocks_of
from propdesk.sla.defaults import load_sla_defaults
from propdesk.sla.sweeper import sweep

from .test_repairs import second_technician  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sla(desk):
    load_sla_defaults(project=desk.project)
    desk.technician.phone = "13900001111"
    desk.technician.wecom_userid = "WangShiFu"
    desk.technician.save()
    return desk


def water_repair(world, category):
    with time_machine.travel("2026-03-10 09:50 +0800", tick=False):
        return services.receive_request(
            project=world.project,
            actor=world.frontdesk,
            kind="repair",
            channel="walk_in",
            content="卫生间漏水到楼下",
            reporter_name="张三",
            unit=world.unit,
            category=category("water"),
        )


def test_dispatch_tells_the_technician_in_app_and_by_sms_with_the_request_and_the_deadline(
    sla, category, django_capture_on_commit_callbacks
):
    request = water_repair(sla, category)
    with (
        django_capture_on_commit_callbacks(execute=True),
        time_machine.travel("2026-03-10 10:00 +0800", tick=False),
    ):
        order = services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
    note = Notification.objects.get(recipient=sla.technician)
    assert request.number in note.title and "3-2-1501" in note.title and request.category.name in note.title
    assert "10:20" in note.body and "卫生间漏水到楼下" in note.body  # arrival due: dispatch + 20 minutes
    assert note.link == f"/servicedesk/my-orders/#order-{order.pk}"
    sms = SmsOutbox.objects.get()
    assert sms.phone == "13900001111" and request.number in sms.text and sms.notification_id == note.pk
    assert not WeComOutbox.objects.exists()  # WeCom is not among the configured channels by default
    # The arrival clock knows the technician: its warnings go to him.
    assert clocks_of(request).get(code="arrive").assignee_id == sla.technician.pk


def test_re_dispatch_tells_the_new_technician_and_releases_the_first(
    sla,
    category,
    second_technician,  # noqa: F811
):
    request = water_repair(sla, category)
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
    with time_machine.travel("2026-03-10 10:05 +0800", tick=False):
        services.dispatch(request=request, technician=second_technician, actor=sla.dispatcher)
    new = Notification.objects.get(recipient=second_technician)
    assert (
        request.number in new.title and "10:20" in new.body
    )  # the arrival clock runs from the first dispatch
    released = Notification.objects.filter(recipient=sla.technician).order_by("id").last()
    assert "李师傅" in released.body and request.number in released.title
    assert clocks_of(request).get(code="arrive").assignee_id == second_technician.pk


def test_the_arrival_warning_and_breach_reach_the_technician_naming_and_opening_the_request(
    sla, category, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_CHANNELS = ["sms", "wecom"]
    request = water_repair(sla, category)
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        order = services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=services.repairs.timezone.datetime.fromisoformat("2026-03-10T10:16:00+08:00"))
    warning = Notification.objects.get(recipient=sla.technician)
    assert request.number in warning.title and "3-2-1501" in warning.title
    assert warning.link == f"/servicedesk/my-orders/#order-{order.pk}"
    assert set(warning.channels.removesuffix("+sent").split(",")) == {"in_app", "sms", "wecom"}
    assert WeComOutbox.objects.get().userid == "WangShiFu"
    # His supervisor is told too, and opens the request, not a bare clock page; the front desk holding
    # the request is not (issue 16 item 3: arriving is the technician's duty).
    boss_note = Notification.objects.get(recipient=sla.eng_supervisor)
    assert boss_note.link == f"/servicedesk/{request.pk}/" and request.number in boss_note.title
    assert not Notification.objects.filter(recipient=sla.frontdesk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=services.repairs.timezone.datetime.fromisoformat("2026-03-10T10:21:00+08:00"))
    breach = Notification.objects.filter(recipient=sla.technician).order_by("id").last()
    assert "超时" in breach.title and request.number in breach.title
    told = set(Notification.objects.filter(title=breach.title).values_list("recipient_id", flat=True))
    assert told == {sla.technician.pk, sla.eng_supervisor.pk}


def test_the_phone_card_shows_the_same_deadline_as_the_list(sla, category, login):
    request = water_repair(sla, category)
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        services.dispatch(request=request, technician=sla.technician, actor=sla.dispatcher)
    with time_machine.travel("2026-03-10 10:10 +0800", tick=False):
        card = login(sla.technician).get("/servicedesk/my-orders/").content.decode()
        assert 'data-colour="success"' in card and "10:20" in card
    with time_machine.travel("2026-03-10 10:30 +0800", tick=False):
        card = login(sla.technician).get("/servicedesk/my-orders/").content.decode()
        listing = login(sla.dispatcher).get("/servicedesk/").content.decode()
    assert 'data-colour="danger"' in card and "已超时" in card
    assert "已超时" in listing


def test_the_wecom_client_gets_a_token_and_posts_a_text_card(settings):
    settings.SITE_URL = "https://wy.example.com"
    calls = []

    class Response:
        def __init__(self, body):
            self.body = json.dumps(body).encode()

        def read(self):
            return self.body

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    answers = iter(
        [
            {"errcode": 0, "access_token": "T1", "expires_in": 7200},
            {"errcode": 42001, "errmsg": "access_token expired"},
            {"errcode": 0, "access_token": "T2", "expires_in": 7200},
            {"errcode": 0, "errmsg": "ok"},
        ]
    )

    def opener(request, timeout):
        calls.append((request.full_url, request.data))
        return Response(next(answers))

    from django.core.cache import cache

    cache.delete(WeComApi.TOKEN_KEY)
    api = WeComApi(corp_id="ww1", secret="s3", agent_id=1000002, opener=opener)
    api.send(
        project_id=1, userid="WangShiFu", title="新派工单", text="10:20 前到场", link="/x/", notification_id=1
    )
    assert calls[0][0].endswith("/gettoken?corpid=ww1&corpsecret=s3")
    assert "message/send?access_token=T1" in calls[1][0] and "access_token=T2" in calls[3][0]
    body = json.loads(calls[3][1])
    assert body["touser"] == "WangShiFu" and body["agentid"] == 1000002 and body["msgtype"] == "textcard"
    assert body["textcard"]["url"] == "https://wy.example.com/x/"
    cache.delete(WeComApi.TOKEN_KEY)


def test_deliver_sends_wecom_only_to_staff_with_a_wecom_id(world):
    n = Notification.objects.create(
        project=world.project, recipient=world.butler, title="x", channels="in_app,wecom"
    )
    deliver([n.pk])
    assert not WeComOutbox.objects.exists()
